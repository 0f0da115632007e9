package shipper

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"strings"

	"github.com/flurry-dev/flurry/shipper/spool"
)

// Positions are committed twice: into the spool's manifest, in the same
// atomic update that makes the records they cover durable, and then into the
// pos file (td-agent's format, for people and tools). A SIGKILL between the
// two used to leave the pos file one commit behind the spool, and the
// restarted shipper read and shipped that commit's lines a second time. Now
// the manifest also keeps a digest of what the pos file held before the
// commit: a pos file that still holds exactly that is one write behind, and
// the committed positions replace it at start. A pos file that holds anything else was
// changed by someone while the shipper was stopped, and it wins.

// posStateName and posPrevName name a pos file's committed positions and
// the digest of its content before that commit in the spool's state.
func posStateName(posFile string) string { return "pos:" + posFile }
func posPrevName(posFile string) string  { return "pos-before:" + posFile }

// loadPositions reads a source's saved positions at start. text is what the
// pos file holds afterwards; firstStart is set when it did not exist (the
// source never ran).
func loadPositions(sp *spool.Spool, cfg *Source, log *slog.Logger) (saved map[fileID]posEntry, text string, firstStart bool, err error) {
	data, err := os.ReadFile(cfg.PosFile)
	switch {
	case errors.Is(err, os.ErrNotExist):
		firstStart = true
	case err != nil:
		return nil, "", false, err
	}
	text = string(data)
	committed, ok := sp.State(posStateName(cfg.PosFile))
	if ok && !firstStart && text != committed {
		before, _ := sp.State(posPrevName(cfg.PosFile))
		if posDigest(text) == before {
			log.Info("the previous run stopped after committing records but before saving their positions in the pos file: using the positions committed with them",
				"source", cfg.Name, "pos_file", cfg.PosFile)
			if err := writePosText(cfg.PosFile, []byte(committed)); err != nil {
				return nil, "", false, err
			}
			text = committed
		} else {
			log.Warn("the pos file differs from the positions committed with the spool (changed while the shipper was stopped?): reading from the pos file's positions",
				"source", cfg.Name, "pos_file", cfg.PosFile)
		}
	}
	saved, err = parsePosFile(cfg.PosFile, []byte(text))
	if err != nil {
		return nil, "", false, err
	}
	if firstStart {
		// Mark the source as started even if no file is found now.
		if err := writePosFile(cfg.PosFile, nil); err != nil {
			return nil, "", false, err
		}
	}
	return saved, text, firstStart, nil
}

// notePositions puts a source's new positions into the spool's state, to be
// committed with the records they cover.
func (w *writer) notePositions(st *sourceState, text string) {
	w.sp.SetState(posStateName(st.cfg.PosFile), text)
	w.sp.SetState(posPrevName(st.cfg.PosFile), posDigest(st.written))
}

// posDigest identifies a pos file's content (the manifest, rewritten at
// every commit, need not carry a second copy of every position).
func posDigest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// forgetPositions drops the committed positions of pos files no source uses
// any more.
func forgetPositions(sp *spool.Spool, sources []Source) {
	used := map[string]bool{}
	for _, s := range sources {
		used[posStateName(s.PosFile)] = true
		used[posPrevName(s.PosFile)] = true
	}
	for _, name := range sp.StateNames() {
		if (strings.HasPrefix(name, "pos:") || strings.HasPrefix(name, "pos-before:")) && !used[name] {
			sp.DeleteState(name)
		}
	}
}
