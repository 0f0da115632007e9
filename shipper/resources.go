package shipper

import (
	"errors"
	"syscall"
	"time"

	"github.com/flurry-dev/flurry/shipper/spool"
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

// appendRetrying appends a group to the spool; a chunk file that cannot be
// created for want of descriptors or space is retried every second
// (nothing was written, so the retry is safe), blocking reading meanwhile.
func (w *writer) appendRetrying(g *group) error {
	warned := false
	for {
		err := w.sp.Append(g.key, g.data, g.records)
		if err == nil || !errors.Is(err, spool.ErrCreate) || !resourceExhausted(err) {
			if warned && err == nil {
				w.metrics.SpoolBlocked.Store(0)
				w.log.Info("chunk file created again: reading resumes")
			}
			return err
		}
		if !warned {
			warned = true
			w.metrics.SpoolBlocked.Store(1)
			w.log.Warn("cannot create a chunk file (out of file descriptors or disk space): reading is blocked, retrying every second", "err", err)
		}
		select {
		case <-time.After(resourceRetry):
		case <-w.quit:
			return err
		}
	}
}

// waitForSpace is the spool's WaitForSpace: a write into a chunk file or the
// manifest that failed for want of disk space or descriptors is retried
// every second — the writer, and with it all reading, waits, keeping every
// line — until it goes through (err == nil: reading resumes) or the
// shipper stops. Other errors stop the shipper.
func (w *writer) waitForSpace(err error) error {
	if err == nil {
		if w.spaceWait {
			w.spaceWait = false
			w.metrics.SpoolBlocked.Store(0)
			w.log.Info("spool written again: reading resumes")
		}
		return nil
	}
	if !resourceExhausted(err) {
		return err
	}
	if !w.spaceWait {
		w.spaceWait = true
		w.metrics.SpoolBlocked.Store(1)
		w.log.Warn("cannot write to the spool (disk full or out of file descriptors): reading is blocked, retrying every second", "err", err)
	}
	select {
	case <-time.After(resourceRetry):
		return nil
	case <-w.quit:
		return err
	}
}

// diskReserve is the free space the spool's file system must keep for the
// writer to go on reading: more than one commit's worth of appends (chunk
// data reaches the disk at latest at the commit), so that a commit does not
// run into a full disk.
const diskReserve = 2*commitBytes + 1<<20

// freeSpace is the space available to the spool (a variable so that a test
// can make the disk look full); ok is false where unknown.
var freeSpace = spoolFreeSpace

// diskFull reports (checking at most every 100ms) that the spool's file
// system has less than diskReserve free: reading then waits as for a full
// spool, instead of a write failing with ENOSPC, which stops the shipper.
func (w *writer) diskFull() bool {
	if time.Since(w.diskChecked) < 100*time.Millisecond {
		return w.diskLow
	}
	w.diskChecked = time.Now()
	free, ok := freeSpace(w.sp.Dir())
	w.diskLow = ok && free < diskReserve
	return w.diskLow
}
