package s3test

import "syscall"

// serverProcAttr: the server's own process group, killed with the test
// binary (Pdeathsig).
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
