
# flurry pyudtf Linux sandbox: runs after the rlimits and before the harness,
# in the same (still single-threaded) interpreter, so every restriction holds
# for the function body and cannot be undone by it (the kernel makes both
# irrevocable and inherits them to any thread):
#   - Landlock (kernel 5.13+): the body may write only beneath its private
#     working directory; it may read only the interpreter's own files, system
#     libraries and a few /etc and /dev entries (not the engine's files, not
#     the user's home); no TCP bind/connect (ABI 4+); no signals to, and no
#     abstract UNIX sockets of, processes outside the sandbox (ABI 6+);
#   - seccomp: no new processes (fork, vfork, clone without CLONE_THREAD,
#     posix_spawn), no execve, no sockets, no io_uring -- for root as well,
#     whom RLIMIT_NPROC does not bind.
# _flurry_confined lists what took effect, for Confinement().
_flurry_confined = []


def _flurry_sandbox():
    import ctypes
    import os
    import platform
    import struct
    import sys

    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.restype = ctypes.c_int

    def word(a):  # variadic arguments: full machine words, not C ints
        return [ctypes.c_long(x) if isinstance(x, int) else x for x in a]

    def syscall(*a):
        return libc.syscall(*word(a))

    def prctl(*a):
        return libc.prctl(*word(a))

    if prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return
    arches = {
        # machine: (AUDIT_ARCH, {syscall: nr}); clone/clone3 are handled apart.
        "x86_64": (0xC000003E, dict(clone=56, fork=57, vfork=58, execve=59, execveat=322, socket=41, socketpair=53)),
        "aarch64": (0xC00000B7, dict(clone=220, execve=221, execveat=281, socket=198, socketpair=199)),
    }
    arch = arches.get(platform.machine())

    # Landlock. Its syscalls have the same numbers on every architecture.
    abi = syscall(444, None, 0, 1)  # landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)
    if abi >= 1:
        fs_all = (1 << 13) - 1  # EXECUTE .. MAKE_SYM
        if abi >= 2:
            fs_all |= 1 << 13  # REFER
        if abi >= 3:
            fs_all |= 1 << 14  # TRUNCATE
        if abi >= 5:
            fs_all |= 1 << 15  # IOCTL_DEV
        execute, write_file, read_file, read_dir = 1, 2, 4, 8
        file_rights = execute | write_file | read_file | (1 << 14) | (1 << 15)
        read = read_file | read_dir
        net = 3 if abi >= 4 else 0  # BIND_TCP | CONNECT_TCP, no port allowed
        scoped = 3 if abi >= 6 else 0  # ABSTRACT_UNIX_SOCKET | SIGNAL
        if abi >= 6:
            attr = struct.pack("QQQ", fs_all, net, scoped)
        elif abi >= 4:
            attr = struct.pack("QQ", fs_all, net)
        else:
            attr = struct.pack("Q", fs_all)
        buf = ctypes.create_string_buffer(attr, len(attr))
        ruleset = syscall(444, buf, len(attr), 0)
        if ruleset >= 0:
            rules = {os.getcwd(): fs_all & ~execute}
            for p in [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix] + list(sys.path):
                if p:
                    rules.setdefault(p, read)
            for p in ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/sys/devices/system/cpu", "/proc/self",
                      "/etc/ld.so.cache", "/etc/localtime", "/etc/timezone", "/etc/ssl", "/etc/pki",
                      "/etc/ca-certificates", "/etc/mime.types", "/etc/passwd", "/etc/group",
                      "/etc/nsswitch.conf", "/etc/hosts", "/etc/resolv.conf",
                      "/dev/urandom", "/dev/random", "/dev/zero"):
                rules.setdefault(p, read)
            rules["/dev/null"] = read_file | write_file | (1 << 14)
            ok = True
            for path, access in rules.items():
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue  # absent here
                try:
                    isdir = os.path.isdir("/proc/self/fd/%d" % fd)
                    allowed = access & fs_all & (fs_all if isdir else file_rights)
                    rule = ctypes.create_string_buffer(struct.pack("=Qi", allowed, fd), 12)
                    if syscall(445, ruleset, 1, rule, 0) != 0:  # LANDLOCK_RULE_PATH_BENEATH
                        ok = False
                finally:
                    os.close(fd)
            if ok and syscall(446, ruleset, 0) == 0:
                _flurry_confined.append("landlock-abi-%d" % abi)
            os.close(ruleset)

    # seccomp: an allow-list would need every syscall CPython may make; the
    # deny-list below names the ways out instead.
    if arch is None:
        return
    audit_arch, nrs = arch
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38
    ld_abs_w, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    denied = [nr for name, nr in nrs.items() if name != "clone"] + [425]  # + io_uring_setup
    prog = [
        (ld_abs_w, 0, 0, 4),  # arch
        (jeq, 1, 0, audit_arch),
        (ret, 0, 0, eperm),  # another ABI (int 0x80 on x86_64): nothing
        (ld_abs_w, 0, 0, 0),  # nr
    ]
    if audit_arch == 0xC000003E:
        prog.append((jge, 0, 1, 0x40000000))  # x32 ABI
        prog.append((ret, 0, 0, eperm))
    for nr in denied:
        prog.append((jeq, 0, 1, nr))
        prog.append((ret, 0, 0, eperm))
    prog.append((jeq, 0, 1, 435))  # clone3: glibc falls back to clone, whose flags a filter can read
    prog.append((ret, 0, 0, enosys))
    prog.append((jeq, 0, 3, nrs["clone"]))
    prog.append((ld_abs_w, 0, 0, 16))  # low half of args[0], the flags
    prog.append((jset, 1, 0, 0x00010000))  # CLONE_THREAD: a thread, allowed
    prog.append((ret, 0, 0, eperm))
    prog.append((ret, 0, 0, allow))
    filt = ctypes.create_string_buffer(b"".join(struct.pack("=HBBI", *ins) for ins in prog))
    fprog = struct.pack("@HP", len(prog), ctypes.addressof(filt))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    if prctl(22, 2, fbuf, 0, 0) == 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        _flurry_confined.append("seccomp")


import sys as _sys

if _sys.platform.startswith("linux"):
    try:
        _flurry_sandbox()
    except Exception:
        pass
del _flurry_sandbox, _sys
