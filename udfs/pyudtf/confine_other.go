//go:build !linux

package pyudtf

import "os/exec"

// isolate has no namespaces to offer outside Linux: the body is confined by
// its environment, working directory and rlimits only.
func isolate(cmd *exec.Cmd, python string) {}

func namespacesWork(string) bool { return false }

// platformPrelude has nothing to add outside Linux.
const platformPrelude = ""
