package pyudtf

import (
	_ "embed"
	"os"
	"os/exec"
	"sync"
	"syscall"
)

// platformPrelude confines the interpreter itself (Landlock, seccomp) before
// the harness runs: see sandbox_linux.py.
//
//go:embed sandbox_linux.py
var platformPrelude string

// isolate puts the process in new user and network namespaces when this
// kernel lets the engine's user create them.
func isolate(cmd *exec.Cmd, python string) {
	if namespacesWork(python) {
		cmd.SysProcAttr = namespaceAttr()
	}
}

func namespaceAttr() *syscall.SysProcAttr {
	uid, gid := os.Getuid(), os.Getgid()
	return &syscall.SysProcAttr{
		Cloneflags:                 syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: uid, HostID: uid, Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: gid, HostID: gid, Size: 1}},
		GidMappingsEnableSetgroups: false,
		Pdeathsig:                  syscall.SIGKILL,
	}
}

var namespaceProbe sync.Map // interpreter -> bool

// namespacesWork tries once per interpreter: unprivileged user namespaces
// are often disabled (sysctls, container seccomp profiles).
func namespacesWork(python string) bool {
	if v, ok := namespaceProbe.Load(python); ok {
		return v.(bool)
	}
	path, err := exec.LookPath(python)
	ok := false
	if err == nil {
		cmd := exec.Command(path, "-I", "-c", "pass")
		cmd.SysProcAttr = namespaceAttr()
		ok = cmd.Run() == nil
	}
	namespaceProbe.Store(python, ok)
	return ok
}
