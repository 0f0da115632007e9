package pyudtf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Function bodies are arbitrary Python: whoever may create a function runs
// code as the engine's user. Each harness process is therefore confined,
// as far as the platform allows (see Confinement):
//
//   - a minimal environment: nothing inherited (no cloud credentials, tokens,
//     FLURRY_LOCAL_PASSWORD), HOME and TMPDIR pointing at its working directory;
//   - a private, empty working directory, removed when the process ends;
//   - resource limits set before the body runs (soft = hard, so the body
//     cannot raise them): CPU seconds, address space, open files, file size,
//     no core dumps and no new processes (RLIMIT_NPROC 0, not enforced for root);
//   - on Linux, new user and network namespaces when the kernel permits
//     unprivileged ones: the body sees no network interface but loopback of
//     its own (no route to the engine, the host's services or the internet).
//
// The body still reads whatever files the engine's user may read: a
// read-only, private file system view needs a mount namespace set up
// between fork and exec, which Go's os/exec cannot do.
const (
	limitCPUSeconds = 300
	limitMemory     = 2 << 30
	limitOpenFiles  = 64
	limitFileSize   = 64 << 20
)

// confinePrelude runs before the harness in the same interpreter.
var confinePrelude = fmt.Sprintf(`
try:
    import resource as _r
except ImportError:
    _r = None
if _r is not None:
    for _n, _v in (("RLIMIT_CPU", %d), ("RLIMIT_AS", %d), ("RLIMIT_NOFILE", %d),
                   ("RLIMIT_FSIZE", %d), ("RLIMIT_CORE", 0), ("RLIMIT_NPROC", 0)):
        _k = getattr(_r, _n, None)
        if _k is None:
            continue
        try:
            _s, _h = _r.getrlimit(_k)
            if _h != _r.RLIM_INFINITY and _h < _v:
                _v = _h
            _r.setrlimit(_k, (_v, _v))
        except (ValueError, OSError):
            pass
    del _n, _v, _k
del _r
`, limitCPUSeconds, limitMemory, limitOpenFiles, limitFileSize)

// harnessCommand is the confined python3 process that runs harness.py, for
// Run and Stream alike; cleanup removes its working directory after it exits.
func harnessCommand(ctx context.Context, python string) (cmd *exec.Cmd, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "flurry-pyudtf-")
	if err != nil {
		return nil, nil, fmt.Errorf("python working directory: %w", err)
	}
	cmd = exec.CommandContext(ctx, python, "-I", "-c", confinePrelude+harness)
	cmd.Dir = dir
	cmd.Env = []string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + dir, "TMPDIR=" + dir, "LANG=C.UTF-8",
		"PYTHONIOENCODING=utf-8", "PYTHONDONTWRITEBYTECODE=1", "PYTHONNOUSERSITE=1",
	}
	cmd.WaitDelay = 2 * time.Second
	isolate(cmd, python)
	return cmd, func() { os.RemoveAll(dir) }, nil
}

// Confinement describes how function bodies are confined on this machine.
func Confinement() string {
	parts := []string{"empty environment", "private working directory",
		fmt.Sprintf("rlimits (CPU %ds, memory %d MiB, %d open files, no new processes)", limitCPUSeconds, limitMemory>>20, limitOpenFiles)}
	if namespacesWork(DefaultPython()) {
		parts = append(parts, "no network (Linux user+network namespaces)")
	} else {
		parts = append(parts, "network NOT isolated (namespaces unavailable here)")
	}
	return strings.Join(parts, ", ")
}
