package pyudtf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
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
//     no core dumps; no new processes (RLIMIT_NPROC 0, which the kernel does
//     not enforce for root, and which also refuses threads) where the
//     seccomp filter below is not in effect;
//   - on Linux, new user and network namespaces when the kernel permits
//     unprivileged ones: the body sees no network interface but loopback of
//     its own (no route to the engine, the host's services or the internet);
//   - on Linux, set up by the interpreter itself before the harness runs
//     (sandbox_linux.py; Go's os/exec cannot run code between fork and exec):
//     Landlock (kernel 5.13+, root or not) makes the file system read-only
//     except the working directory and hides everything but the
//     interpreter's files and system libraries; a seccomp filter refuses
//     fork/clone of processes, execve, sockets and io_uring, which also holds
//     for root, whom RLIMIT_NPROC does not bind.
//
// Elsewhere (macOS, BSDs) the body reads and writes whatever the engine's
// user may, and a root engine's body may start processes.
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
                   ("RLIMIT_FSIZE", %d), ("RLIMIT_CORE", 0)):
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

// nprocPrelude runs after platformPrelude: where its seccomp filter refuses
// new processes, threads stay allowed (bounded by RLIMIT_AS: each reserves
// its stack); elsewhere RLIMIT_NPROC 0 refuses processes and threads alike
// (for a non-root engine; the kernel exempts root).
const nprocPrelude = `
if "seccomp" not in globals().get("_flurry_confined", ()):
    try:
        import resource as _r
        _r.setrlimit(_r.RLIMIT_NPROC, (0, 0))
    except (ImportError, AttributeError, ValueError, OSError):
        pass
    _r = None
`

// prelude is everything that runs before the harness.
var prelude = confinePrelude + platformPrelude + nprocPrelude

// harnessCommand is the confined python3 process that runs harness.py, for
// Run and Stream alike; cleanup removes its working directory after it exits.
func harnessCommand(ctx context.Context, python string) (cmd *exec.Cmd, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "flurry-pyudtf-")
	if err != nil {
		return nil, nil, fmt.Errorf("python working directory: %w", err)
	}
	cmd = exec.CommandContext(ctx, python, "-I", "-c", prelude+harness)
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

// Confinement describes how function bodies are confined on this machine,
// as the default interpreter reports it.
func Confinement() string {
	parts := []string{"empty environment", "private working directory",
		fmt.Sprintf("rlimits (CPU %ds, memory %d MiB, %d open files)", limitCPUSeconds, limitMemory>>20, limitOpenFiles)}
	if namespacesWork(DefaultPython()) {
		parts = append(parts, "no network (Linux user+network namespaces)")
	} else {
		parts = append(parts, "no network namespace (unavailable here)")
	}
	sandbox := sandboxFeatures(DefaultPython())
	switch {
	case strings.Contains(sandbox, "landlock"):
		parts = append(parts, "read-only file system view of the interpreter and system libraries, no TCP, no signals outside ("+sandbox[strings.Index(sandbox, "landlock"):]+")")
	default:
		parts = append(parts, "file system NOT confined (no Landlock here)")
	}
	switch {
	case strings.Contains(sandbox, "seccomp"):
		parts = append(parts, "no processes, exec, sockets or io_uring (seccomp; threads allowed)")
	case os.Getuid() == 0:
		parts = append(parts, "new processes NOT limited (root, no seccomp filter)")
	default:
		parts = append(parts, "no new processes or threads (RLIMIT_NPROC 0)")
	}
	return strings.Join(parts, ", ")
}

var sandboxProbe sync.Map // interpreter -> string

// sandboxFeatures runs the confinement prelude once per interpreter and
// reports what took effect ("landlock-abi-N", "seccomp"; "" outside Linux).
func sandboxFeatures(python string) string {
	if platformPrelude == "" {
		return ""
	}
	if v, ok := sandboxProbe.Load(python); ok {
		return v.(string)
	}
	got := ""
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if exe, err := resolve(ctx, python); err == nil {
		if cmd, cleanup, err := harnessCommand(ctx, exe); err == nil {
			cmd.Args[len(cmd.Args)-1] = prelude + "print(','.join(globals().get('_flurry_confined', [])))"
			if out, err := cmd.Output(); err == nil {
				got = strings.TrimSpace(string(out))
			}
			cleanup()
		}
	}
	sandboxProbe.Store(python, got)
	return got
}
