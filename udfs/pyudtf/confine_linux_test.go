package pyudtf

import "syscall"

// landlockABI is the kernel's Landlock ABI version, 0 where it has none.
func landlockABI() int {
	abi, _, errno := syscall.Syscall(444, 0, 0, 1) // landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)
	if errno != 0 {
		return 0
	}
	return int(abi)
}
