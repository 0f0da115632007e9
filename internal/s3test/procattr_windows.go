package s3test

import "syscall"

// serverProcAttr: nothing to set on Windows (the package compiles there so
// that the tests that use it vet; versitygw tests run on Unix).
func serverProcAttr() *syscall.SysProcAttr { return nil }
