package shipper

import (
	"log/slog"
	"sync/atomic"
)

// following counts the files followed by this process (all runs and
// sources): each holds two descriptors (ours and nxadm/tail's), and
// descriptors are a per-process limit.
var following atomic.Int64

// descriptorsWarned keeps the near-the-limit warning to once per crossing.
var descriptorsWarned atomic.Bool

// descriptorHeadroom is what the spool, pos files, sockets and the runtime
// need besides the followed files.
const descriptorHeadroom = 64

// checkDescriptors warns once the followed files' descriptors come within
// 80% of RLIMIT_NOFILE: past it, opening a chunk or a pos file fails.
func checkDescriptors(log *slog.Logger, files int64) {
	limit, ok := openFileLimit()
	if !ok {
		return
	}
	need := uint64(2*files + descriptorHeadroom)
	if need*5 < limit*4 {
		descriptorsWarned.Store(false)
		return
	}
	if descriptorsWarned.CompareAndSwap(false, true) {
		log.Warn("followed files are near the open-file limit (two descriptors each); raise it (ulimit -n, LimitNOFILE=) or narrow the globs",
			"files", files, "limit", limit)
	}
}

// logDescriptorLimit states the limit at start, as a warning when it
// leaves room for few files.
func logDescriptorLimit(log *slog.Logger) {
	limit, ok := openFileLimit()
	if !ok {
		return
	}
	files := (int64(limit) - descriptorHeadroom) / 2
	if files < 1000 {
		log.Warn("the open-file limit leaves room for few followed files (two descriptors each); raise it (ulimit -n, LimitNOFILE=)", "limit", limit, "files", max(files, 0))
		return
	}
	log.Debug("open-file limit", "limit", limit, "files", files)
}
