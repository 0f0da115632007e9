package shipper

import (
	"errors"
	"syscall"
	"time"
)

// posFileWriter writes a position file (a variable so that a test can make
// the disk look full).
var posFileWriter = writePosFile

// resourceRetry paces retries of a write that failed for want of disk
// space or descriptors.
const resourceRetry = time.Second

// resourceExhausted: the disk (or quota) is full or the process or system
// is out of file descriptors — conditions that pass, unlike a bad file.
func resourceExhausted(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

// savePositions writes a source's position file after a commit. The write
// is atomic (a new file renamed over the old), so a failure leaves the old
// positions intact: when the disk is full or descriptors run out, the
// writer — and with it all reading — waits and retries, like a full spool,
// instead of stopping the shipper. It gives up only at shutdown.
func (w *writer) savePositions(st *sourceState, entries []posEntry) error {
	warned := false
	for {
		err := posFileWriter(st.cfg.PosFile, entries)
		if err == nil || !resourceExhausted(err) {
			if warned {
				w.metrics.SpoolBlocked.Store(0)
				w.log.Info("position file written again: reading resumes", "source", st.cfg.Name, "pos_file", st.cfg.PosFile)
			}
			return err
		}
		if !warned {
			warned = true
			w.metrics.SpoolBlocked.Store(1)
			w.log.Warn("cannot write the position file (disk full or out of file descriptors): reading is blocked, retrying every second",
				"source", st.cfg.Name, "pos_file", st.cfg.PosFile, "err", err)
		}
		select {
		case <-time.After(resourceRetry):
		case <-w.quit:
			return err
		}
	}
}
