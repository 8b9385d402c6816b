// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario parser: malformed inputs, each with its exact one-line
 * message (file:line:column), and the parsed form of valid ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "world/scenario.h"
#include "sim_test.h"
#include "targets/target.h"

/* The targets registered in this build (CMake: vfiosim_targets.h). */
#define VFIO_SIM_TARGET(id)
#include "vfiosim_targets.h"
#undef VFIO_SIM_TARGET
#define TARGETS	VFIO_SIM_TARGET_NAMES

/* A process with one open file, as the prefix of many inputs. */
#define P	"proc A\n"
#define PF	"proc A\nA: f = open /dev/x\n"

static const struct {
	const char *text;
	const char *msg;
	size_t len;		/* 0: strlen(text) */
} bad[] = {
	/* lines and directives */
	{ "bogus\n",
	  "t.sim:1:1: error: expected a directive (target, device, param, "
	  "proc, thread, requires) or THREAD: OPERATION, found 'bogus'" },
	{ "  !x\n",
	  "t.sim:1:3: error: expected a directive (target, device, param, "
	  "proc, thread, requires) or THREAD: OPERATION, found '!x'" },
	{ "procA\n",
	  "t.sim:1:1: error: expected a directive (target, device, param, "
	  "proc, thread, requires) or THREAD: OPERATION, found 'procA'" },
	{ "target\n",
	  "t.sim:1:7: error: expected a target name, found end of line" },
	{ "target nosuch\n",
	  "t.sim:1:8: error: unknown target 'nosuch' (targets: "
	  TARGETS ")" },
	{ "target simdev extra\n",
	  "t.sim:1:15: error: expected end of line, found 'extra'" },
	{ P "target simdev\n",
	  "t.sim:2:1: error: target must come before any other line" },
	{ "target simdev\ntarget simdev\n",
	  "t.sim:2:1: error: duplicate target line (first at line 1)" },
	{ "device\n",
	  "t.sim:1:7: error: expected a bus (pci, platform, mdev), found end "
	  "of line" },
	{ "device usb 1-1\n",
	  "t.sim:1:8: error: unknown bus 'usb' (expected pci, platform or "
	  "mdev)" },
	{ "device pci\n",
	  "t.sim:1:11: error: expected a device name, found end of line" },
	{ "device pci 0000:00:01\n",
	  "t.sim:1:12: error: invalid pci device name '0000:00:01' "
	  "(expected DDDD:BB:SS.F)" },
	{ "device mdev foo\n",
	  "t.sim:1:13: error: invalid mdev device name 'foo' (expected a "
	  "UUID: 8-4-4-4-12 hex digits)" },
	{ "device pci 0000:00:01.0\ndevice pci 0000:00:01.0\n",
	  "t.sim:2:12: error: duplicate device 0000:00:01.0 (declared at "
	  "line 1)" },
	{ "device pci 0000:00:01.0 color red\n",
	  "t.sim:1:25: error: unknown device key 'color' for target simdev "
	  "(valid keys: node)" },
	{ "device pci 0000:00:01.0 node\n",
	  "t.sim:1:29: error: expected a value for key 'node', found end of "
	  "line" },
	{ "device pci 0000:00:01.0 node a/b\n",
	  "t.sim:1:30: error: invalid node name 'a/b' (letters, digits, '_', "
	  "'-' and '.')" },
	{ "device pci 0000:00:01.0 node x node y\n",
	  "t.sim:1:32: error: duplicate key 'node'" },
	{ "proc\n",
	  "t.sim:1:5: error: expected a process name, found end of line" },
	{ "proc 9a\n",
	  "t.sim:1:6: error: expected a process name, found '9a'" },
	{ "proc a-b\n",
	  "t.sim:1:6: error: expected a process name, found 'a-b'" },
	{ "proc proc\n",
	  "t.sim:1:6: error: 'proc' is a reserved word, not a name" },
	{ P "proc A\n",
	  "t.sim:2:6: error: duplicate process A (declared at line 1)" },
	{ "proc A caps=\n",
	  "t.sim:1:13: error: expected a capability (SYS_RAWIO, SYS_ADMIN), "
	  "found end of line" },
	{ "proc A caps=SYS_FOO\n",
	  "t.sim:1:13: error: unknown capability 'SYS_FOO' (expected "
	  "SYS_RAWIO or SYS_ADMIN)" },
	{ "proc A caps=SYS_RAWIO,SYS_RAWIO\n",
	  "t.sim:1:23: error: duplicate capability SYS_RAWIO" },
	{ "proc A caps=SYS_RAWIO,\n",
	  "t.sim:1:23: error: expected a capability (SYS_RAWIO, SYS_ADMIN), "
	  "found end of line" },
	{ "proc A foo=bar\n",
	  "t.sim:1:8: error: expected caps=CAP[,CAP...] or end of line, "
	  "found 'foo=bar'" },
	{ "proc A caps=SYS_RAWIO extra\n",
	  "t.sim:1:23: error: expected end of line, found 'extra'" },
	{ "thread T\n",
	  "t.sim:1:9: error: expected proc=PROC, found end of line" },
	{ "thread T proc=B\nproc B\n",
	  "t.sim:1:15: error: thread before its proc: process B is not "
	  "declared" },
	{ P "thread A proc=A\n",
	  "t.sim:2:8: error: duplicate thread A (declared at line 1)" },
	{ "proc A caps=SYS_RAWIO\n",
	  "t.sim:1:1: error: no operations (a scenario needs at least one "
	  "'THREAD: OPERATION' line)" },
	{ "# expect-failure: foo\n" P "A: exit\n",
	  "t.sim:1:19: error: unknown failure kind 'foo' (expected warning, "
	  "bug, assertion, lockdep, refcount, deadlock, livelock, crash, "
	  "leak, use-after-free, nondeterminism, data-race)" },

	/* operation lines */
	{ "X: open /dev/x\n",
	  "t.sim:1:1: error: unknown thread X (declare it with 'proc X' or "
	  "'thread X proc=PROC')" },
	{ P "A:\n",
	  "t.sim:2:3: error: expected an operation, found end of line" },
	{ P "A: = open /x\n",
	  "t.sim:2:4: error: expected an operation, found '='" },
	{ P "A: f =\n",
	  "t.sim:2:7: error: expected an operation, found end of line" },
	{ P "A: frob x\n",
	  "t.sim:2:4: error: unknown operation 'frob' (expected open, close, "
	  "dup, ioctl, read, write, mmap, exit, cat, ls, readlink, fstat, "
	  "dropcaps, or for target simdev: unregister)" },
	{ P "A: dropcaps\n",
	  "t.sim:2:12: error: expected a capability (SYS_RAWIO, SYS_ADMIN), "
	  "found end of line" },
	{ P "A: dropcaps SYS_FOO\n",
	  "t.sim:2:13: error: unknown capability 'SYS_FOO' (expected "
	  "SYS_RAWIO or SYS_ADMIN)" },
	{ P "A: dropcaps SYS_RAWIO,SYS_RAWIO\n",
	  "t.sim:2:23: error: duplicate capability SYS_RAWIO" },
	{ P "A: dropcaps SYS_RAWIO extra\n",
	  "t.sim:2:23: error: expected expect or end of line, found 'extra'" },
	{ P "A: open\n",
	  "t.sim:2:8: error: expected a path, found end of line" },
	{ P "A: open /dev/x O_FOO\n",
	  "t.sim:2:16: error: unknown open flag 'O_FOO' (expected O_RDONLY, "
	  "O_WRONLY, O_RDWR, O_CLOEXEC or O_NONBLOCK)" },
	{ P "A: open /dev/x O_RDONLY|\n",
	  "t.sim:2:25: error: expected an open flag (O_RDONLY, O_WRONLY, "
	  "O_RDWR, O_CLOEXEC, O_NONBLOCK), found end of line" },
	{ P "A: open /dev/x O_RDONLY|O_RDWR\n",
	  "t.sim:2:25: error: conflicting access modes" },
	{ P "A: open /dev/x junk\n",
	  "t.sim:2:16: error: expected open flags (O_RDONLY, O_WRONLY, "
	  "O_RDWR, O_CLOEXEC, O_NONBLOCK), expect or end of line, found "
	  "'junk'" },
	{ P "A: close f\n",
	  "t.sim:2:10: error: undefined variable f" },
	{ P "A: ioctl\n",
	  "t.sim:2:9: error: expected a variable, found end of line" },
	{ PF "A: ioctl f\n",
	  "t.sim:3:11: error: expected an ioctl name or number, found end "
	  "of line" },
	{ PF "A: ioctl f 0x1ffffffff\n",
	  "t.sim:3:12: error: ioctl number 8589934591 out of range" },
	{ PF "A: ioctl f FROB\n",
	  "t.sim:3:12: error: unknown ioctl FROB for target simdev" },
	{ PF "A: ioctl f GET_ID 5\n",
	  "t.sim:3:19: error: ioctl GET_ID takes no argument, found '5'" },
	{ PF "A: ioctl f GET_ID READONLY\n",
	  "t.sim:3:19: error: READONLY: the argument of ioctl GET_ID is not "
	  "in memory" },
	{ PF "A: ioctl f SET_INT BADPTR READONLY\n",
	  "t.sim:3:27: error: READONLY: the argument of ioctl SET_INT is not "
	  "in memory" },
	{ PF "A: ioctl f SET_INT\n",
	  "t.sim:3:19: error: expected an integer, a variable, BADPTR or "
	  "NULL for ioctl SET_INT, found end of line" },
	{ PF "A: ioctl f SET_INT foo\n",
	  "t.sim:3:20: error: undefined variable foo" },
	{ PF "A: ioctl f SET_INT \"x\"\n",
	  "t.sim:3:20: error: expected an integer, a variable, BADPTR or "
	  "NULL for ioctl SET_INT, found '\"x\"'" },
	{ PF "A: ioctl f ECHO 5\n",
	  "t.sim:3:17: error: expected a \"string\", BADPTR or NULL for "
	  "ioctl ECHO, found '5'" },
	{ PF "A: ioctl f ECHO bare\n",
	  "t.sim:3:17: error: expected a \"string\", BADPTR or NULL for "
	  "ioctl ECHO, found 'bare'" },
	{ PF "A: read f\n",
	  "t.sim:3:10: error: expected a length, found end of line" },
	{ PF "A: read f abc\n",
	  "t.sim:3:11: error: expected a length, found 'abc'" },
	{ PF "A: read f 99999\n",
	  "t.sim:3:11: error: length 99999 out of range (0 to 4096)" },
	{ PF "A: read f 99999999999999999999999\n",
	  "t.sim:3:11: error: integer '99999999999999999999999' out of "
	  "range" },
	{ PF "A: mmap f 12x\n",
	  "t.sim:3:11: error: expected a length, found '12x'" },
	{ PF "A: write f data\n",
	  "t.sim:3:12: error: expected a \"string\", found 'data'" },
	{ PF "A: write f \"abc\n",
	  "t.sim:3:12: error: unterminated string" },
	{ PF "A: write f \"a\\x4\"\n",
	  "t.sim:3:14: error: expected two hex digits after \\x" },
	{ PF "A: write f \"a\\x00\"\n",
	  "t.sim:3:14: error: NUL byte in a string" },
	{ P "A: cat \"/sys/\\q\"\n",
	  "t.sim:2:14: error: unknown escape '\\q'" },
	{ P "A: cat /sys/${x}\n",
	  "t.sim:2:15: error: undefined variable x" },
	{ P "A: cat /sys/${\n",
	  "t.sim:2:13: error: unterminated ${" },
	{ P "A: cat /sys/${ab\n",
	  "t.sim:2:13: error: unterminated ${" },
	{ P "A: cat \"/sys/${1}\"\n",
	  "t.sim:2:16: error: expected a variable name after ${" },
	{ P "A: cat /x expect\n",
	  "t.sim:2:17: error: expected an outcome (ok, an errno name, an "
	  "integer or a \"string\"), found end of line" },
	{ P "A: cat /x expect EFOO\n",
	  "t.sim:2:18: error: unknown errno name EFOO" },
	{ P "A: cat /x expect ok|\n",
	  "t.sim:2:21: error: expected an outcome (ok, an errno name, an "
	  "integer or a \"string\"), found end of line" },
	{ P "A: cat /x expect ok EBUSY\n",
	  "t.sim:2:21: error: expected '|' or end of line, found 'EBUSY'" },
	{ P "A: cat /x expect fine\n",
	  "t.sim:2:18: error: expected an outcome (ok, an errno name, an "
	  "integer or a \"string\"), found 'fine'" },
	{ P "A: cat /x expect 1|2|3|4|5|6|7|8|9\n",
	  "t.sim:2:34: error: too many outcomes (at most 8)" },
	{ P "A: cat /x junk\n",
	  "t.sim:2:11: error: expected expect or end of line, found 'junk'" },
	{ PF "A: f = open /dev/y\n",
	  "t.sim:3:4: error: variable f already defined at line 2" },
	{ P "A: n = cat /x\nA: close n\n",
	  "t.sim:3:10: error: variable n is not a file descriptor (set at "
	  "line 2)" },
	{ P "proc B\nA: f = open /x\nB: close f\n",
	  "t.sim:4:10: error: variable f is a file descriptor of process A, "
	  "not of B" },
	{ P "A: exit\nA: cat /x\n",
	  "t.sim:3:1: error: operation after exit (line 2) in thread A" },
	{ P "A: x = exit\n",
	  "t.sim:2:4: error: exit has no result to assign" },
	{ P "A: expect = cat /x\n",
	  "t.sim:2:4: error: 'expect' is a reserved word, not a name" },
	{ P "A: unregister\n",
	  "t.sim:2:14: error: expected a device name, found end of line" },
	{ P "A: unregister 0000:00:09.0\n",
	  "t.sim:2:15: error: unknown device '0000:00:09.0'" },
	/* one name on two buses: allowed, but a bare reference is ambiguous */
	{ "device pci 0000:00:01.0\ndevice platform 0000:00:01.0\n"
	  P "A: unregister 0000:00:01.0\n",
	  "t.sim:4:15: error: ambiguous device '0000:00:01.0': devices on "
	  "several buses have that name (write BUS/NAME)" },
	{ "device pci 0000:00:01.0\n" P "A: unregister mdev/0000:00:01.0\n",
	  "t.sim:3:15: error: unknown device 'mdev/0000:00:01.0'" },
	{ "device pci 0000:00:01.0\n" P "A: unregister bus/0000:00:01.0\n",
	  "t.sim:3:15: error: unknown device 'bus/0000:00:01.0'" },
	/* module parameters */
	{ "param\n",
	  "t.sim:1:6: error: expected MODULE.NAME[=VALUE], found end of line" },
	{ "param .x=1\n",
	  "t.sim:1:7: error: expected a module name (MODULE.NAME[=VALUE]), "
	  "found '.x=1'" },
	{ "param vfio\n",
	  "t.sim:1:11: error: expected '.' and a parameter name "
	  "(MODULE.NAME[=VALUE]), found end of line" },
	{ "param vfio.=1\n",
	  "t.sim:1:12: error: expected a parameter name (MODULE.NAME[=VALUE])"
	  ", found '=1'" },
	{ "param vfio.a-b=1\n",
	  "t.sim:1:12: error: expected a parameter name (MODULE.NAME[=VALUE])"
	  ", found 'a-b=1'" },
	{ "param vfio.x=1 junk\n",
	  "t.sim:1:16: error: expected end of line, found 'junk'" },
	{ "param vfio.x=1\n",
	  "t.sim:1:7: error: unknown parameter vfio.x (target simdev takes no "
	  "module parameters)" },
#ifdef VFIO_SIM_TARGET_LINUX
	{ "target linux\nparam vfio.nosuch=1\n",
	  "t.sim:2:7: error: unknown parameter vfio.nosuch (module vfio of "
	  "target linux has: enable_unsafe_noiommu_mode)" },
	{ "target linux\nparam kvm.x=1\n",
	  "t.sim:2:7: error: unknown module kvm (target linux has module "
	  "parameters of: vfio)" },
	{ "target linux\nparam vfio.enable_unsafe_noiommu_mode=maybe\n",
	  "t.sim:2:39: error: invalid value 'maybe' for vfio."
	  "enable_unsafe_noiommu_mode (a bool: 1, 0, y, n, on, off)" },
	{ "target linux\nparam vfio.enable_unsafe_noiommu_mode=1\n"
	  "param vfio.enable_unsafe_noiommu_mode=0\n",
	  "t.sim:3:7: error: duplicate parameter vfio."
	  "enable_unsafe_noiommu_mode (set at line 2)" },
	/* the vfio target's device keys for the mock driver's modes */
	{ "target linux\ndevice pci 0000:00:01.0 group 1 open_fails x\n",
	  "t.sim:2:44: error: invalid open_fails 'x' (a number of calls "
	  "0..100)" },
	{ "target linux\ndevice pci 0000:00:01.0 group 1 attach_fails 101\n",
	  "t.sim:2:46: error: invalid attach_fails '101' (a number of calls "
	  "0..100)" },
	{ "target linux\ndevice pci 0000:00:01.0 group 1 coherent 2\n",
	  "t.sim:2:42: error: invalid value '2' for coherent (0 or 1)" },
	{ "target linux\ndevice pci 0000:00:01.0 coherent 0 group 1\n",
	  "t.sim:2:34: error: coherent: only for a device with a group "
	  "(before it on the line)" },
	{ "target linux\ndevice pci 0000:00:01.0 group 1 kvm_lock 0\n",
	  "t.sim:2:42: error: invalid value '0' for kvm_lock (only 1)" },
	{ "target linux\ndevice pci 0000:00:01.0 group 1 bound no\n",
	  "t.sim:2:39: error: invalid value 'no' for bound (0 or 1)" },
#endif
	{ P "A: cat /x\0y\n",
	  "t.sim:2:10: error: NUL byte in the file",
	  sizeof(P "A: cat /x\0y\n") - 1 },
	/* version conditions */
	{ "requires kernel >= 7.0\n",
	  "t.sim:1:10: error: expected 'linux OP VERSION' or '[!]CONFIG_NAME', "
	  "found 'kernel'" },
	{ "requires CONFIG\n",
	  "t.sim:1:10: error: expected CONFIG_NAME, found 'CONFIG'" },
	{ "requires !linux\n",
	  "t.sim:1:11: error: expected CONFIG_NAME, found 'linux'" },
	{ "requires CONFIG_A x\n",
	  "t.sim:1:19: error: expected end of line, found 'x'" },
	{ "requires linux => 7.0\n",
	  "t.sim:1:16: error: expected a comparison (>=, <=, ==, !=, >, <), "
	  "found '=>'" },
	{ "requires linux >= 7\n",
	  "t.sim:1:19: error: expected a kernel version (MAJOR.MINOR or "
	  "MAJOR.MINOR.SUBLEVEL, e.g. 7.0), found '7'" },
	{ "requires linux >= 7.0.1.2\n",
	  "t.sim:1:19: error: expected a kernel version (MAJOR.MINOR or "
	  "MAJOR.MINOR.SUBLEVEL, e.g. 7.0), found '7.0.1.2'" },
	{ "requires linux >= 7.0 junk\n",
	  "t.sim:1:23: error: expected end of line, found 'junk'" },
	{ "requires linux >= 1.0\nrequires linux >= 1.0\n"
	  "requires linux >= 1.0\nrequires linux >= 1.0\n"
	  "requires linux >= 1.0\n",
	  "t.sim:5:1: error: more than 4 requires lines" },
	{ P "[linux >= 7.0 A: close 3\n",
	  "t.sim:2:15: error: expected ']' closing the condition, found 'A:'" },
	{ P "[linux >= 7.0\n",
	  "t.sim:2:14: error: expected ']' closing the condition, found end "
	  "of line" },
	{ P "[linux >= 7.0]\n",
	  "t.sim:2:1: error: a [condition] must be followed by THREAD: "
	  "OPERATION" },
	{ P "[linux < 1.0] A: close 3\n",
	  "t.sim:1:1: error: no operations (a scenario needs at least one "
	  "'THREAD: OPERATION' line)" },
	{ P "[linux != 1.0] proc B\n",
	  "t.sim:2:16: error: expected THREAD: OPERATION, found 'proc'" },
	{ P "[linux != 1.0] B: close 3\n",
	  "t.sim:1:1: error: no operations (a scenario needs at least one "
	  "'THREAD: OPERATION' line)" },
};

static void test_parser_malformed_inputs(void **state)
{
	char err[SIM_SCENARIO_ERR_MAX];

	assert_true(sizeof(bad) / sizeof(bad[0]) >= 30);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *t = bad[i].text;
		size_t len = bad[i].len ? bad[i].len : strlen(t);
		struct sim_scenario *s;

		s = sim_scenario_parse("t.sim", t, len, NULL, err,
				       sizeof(err));
		if (s) {
			sim_scenario_free(s);
			fail_msg("case %zu parsed: %s", i, t);
		}
		if (strcmp(err, bad[i].msg))
			fail_msg("case %zu: %s\n  got:  %s\n  want: %s", i, t,
				 err, bad[i].msg);
		assert_null(strchr(err, '\n'));
	}
}

static struct sim_scenario *parse_ok(const char *text, const char *target)
{
	char err[SIM_SCENARIO_ERR_MAX];
	struct sim_scenario *s;

	s = sim_scenario_parse("ok.sim", text, strlen(text), target, err,
			       sizeof(err));
	if (!s)
		fail_msg("%s", err);
	return s;
}

/* Devices of two buses may share a name; BUS/NAME says which is meant. */
static void test_parser_same_name_two_buses(void **state)
{
	static const char text[] =
		"target simdev\n"
		"device pci 0000:00:01.0\n"
		"device platform 0000:00:01.0\n"
		"proc A\n"
		"A: ls /sys/bus/pci/devices/0000:00:01.0/simdev "
		"expect \"simdev0\"\n"
		"A: ls /sys/bus/platform/devices/0000:00:01.0/simdev "
		"expect \"simdev1\"\n"
		"A: unregister platform/0000:00:01.0\n"
		"A: open /dev/simdev/simdev1 expect ENOENT\n"
		"A: unregister pci/0000:00:01.0\n"
		"A: open /dev/simdev/simdev0 expect ENOENT\n";
	struct sim_scenario *s = parse_ok(text, NULL);
	struct sim_opts opts = sim_test_opts();
	struct sim_result res;

	assert_int_equal(sim_scenario_nr_ops(s), 6);
	assert_int_equal(sim_explore(sim_scenario_program(s), &opts, &res), 0);
	assert_int_equal(res.nfailures, 0);
	sim_scenario_free(s);
}

static void test_parser_full_example(void **state)
{
	static const char text[] =
		"# SPDX-License-Identifier: GPL-2.0-only\n"
		"# expect-failure: use-after-free|crash\n"
		"target simdev\r\n"
		"\n"
		"device pci 0000:00:01.0 node n0\t# a comment\n"
		"device platform plat.0\n"
		"device mdev 0fe5e5a2-3c4b-4a3c-9a1e-2b7e9a0c1d2e\n"
		"proc A caps=SYS_RAWIO,CAP_SYS_ADMIN\n"
		"proc B\n"
		"thread A2 proc=A\n"
		"thread idle proc=B\n"
		"A: n = ls /sys/bus/pci/devices/0000:00:01.0/simdev\n"
		"A: d = cat \"/sys/class/simdev/${n}/dev\"\n"
		"A: f = open /dev/simdev/n0 O_RDWR|O_CLOEXEC # comment\n"
		"A: fstat f expect \"${d}\"\n"
		"A2: ioctl f WAIT expect ok|EBADF\n"
		"A : ioctl f SIMDEV_SET_INT 42 expect 42|\"42\"\n"
		"A: ioctl f ECHO \"a\\tb\\x41\\\"\\$\\n\" expect 6\n"
		"A: ioctl f ECHO BADPTR expect EFAULT|-EFAULT\n"
		"A: ioctl f SET_INT f\n"
		"B: g = open \"/dev/simdev/simdev1\" O_RDONLY expect "
		"ok | ENOENT\n"
		"B: x = read g 10 expect \"simdev1\\n\"|-1|0x10\n"
		"B: close 99 expect EBADF\n"
		"B: unregister 0000:00:01.0\n"
		"A: close f\n"
		"A: exit\n";
	struct sim_scenario *s = parse_ok(text, NULL);

	assert_string_equal(sim_scenario_target_name(s), "simdev");
	assert_string_equal(sim_scenario_file(s), "ok.sim");
	assert_int_equal(sim_scenario_nr_ops(s), 15);
	/* A, B, A2, idle (the last has no lines: it never runs) */
	assert_int_equal(sim_scenario_nr_threads(s), 4);
	assert_int_equal(sim_scenario_expected_failures(s),
			 (1u << SIM_FAIL_UAF) | (1u << SIM_FAIL_CRASH));
	assert_string_equal(sim_scenario_program(s)->name, "ok.sim");
	sim_scenario_free(s);
}

#ifdef VFIO_SIM_TARGET_LINUX
/* A parameter line of a target that has it; "name" alone is a bool's 1. */
static void test_parser_param(void **state)
{
	struct sim_scenario *s = parse_ok(
		"target linux\n"
		"param vfio.enable_unsafe_noiommu_mode=Y # a comment\n"
		"proc A\nA: exit\n", NULL);

	sim_scenario_free(s);
	s = parse_ok("target linux\nparam vfio.enable_unsafe_noiommu_mode\n"
		     "proc A\nA: exit\n", NULL);
	sim_scenario_free(s);
}
#endif

static void test_parser_target_override(void **state)
{
	char err[SIM_SCENARIO_ERR_MAX];
	static const char text[] = "proc A\nA: exit\n";
	struct sim_scenario *s = parse_ok(text, "simdev");

	assert_string_equal(sim_scenario_target_name(s), "simdev");
	assert_int_equal(sim_scenario_expected_failures(s), 0);
	sim_scenario_free(s);

	s = sim_scenario_parse("o.sim", text, strlen(text), "nosuch", err,
			       sizeof(err));
	assert_null(s);
	assert_string_equal(err, "o.sim: error: unknown target 'nosuch' "
			    "(targets: " TARGETS ")");
}

static void test_parser_load_missing_file(void **state)
{
	char err[SIM_SCENARIO_ERR_MAX];

	assert_null(sim_scenario_load("/nonexistent/x.sim", NULL, err,
				      sizeof(err)));
	assert_string_equal(err, "/nonexistent/x.sim: error: cannot open: No "
			    "such file or directory");
}

static void test_parser_load_file(void **state)
{
	char path[] = "/tmp/vfio-sim-parser-XXXXXX";
	char err[SIM_SCENARIO_ERR_MAX];
	static const char text[] = "proc A\nA: cat /x expect EBUSY\n";
	struct sim_scenario *s;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1),
			 sizeof(text) - 1);
	close(fd);
	s = sim_scenario_load(path, NULL, err, sizeof(err));
	unlink(path);
	if (!s)
		fail_msg("%s", err);
	assert_int_equal(sim_scenario_nr_ops(s), 1);
	sim_scenario_free(s);
}

/* The error message never overflows a small buffer, nor leaves it unset. */
static void test_parser_error_buffer_bounded(void **state)
{
	char err[16];

	memset(err, 'x', sizeof(err));
	assert_null(sim_scenario_parse("a-long-file-name.sim", "bogus\n", 6,
				       NULL, err, sizeof(err)));
	assert_int_equal(strlen(err), sizeof(err) - 1);
	assert_memory_equal(err, "a-long-file-nam", 15);
}

/*
 * requires and [condition] lines judged against the target's kernel
 * version: simdev is no kernel (every condition false); a vfio core is.
 */
static void test_parser_versions(void **state)
{
	char err[SIM_SCENARIO_ERR_MAX], why[256];
	struct sim_scenario *s;

	s = sim_scenario_parse("v.sim", "requires linux >= 1.0\n" P
			       "A: f = open /dev/x expect any\n"
			       "[linux >= 1.0] A: close f\n"
			       "[linux < 1.0] A: close f\n",
			       strlen("requires linux >= 1.0\n" P
				      "A: f = open /dev/x expect any\n"
				      "[linux >= 1.0] A: close f\n"
				      "[linux < 1.0] A: close f\n"),
			       NULL, err, sizeof(err));
	assert_non_null(s);
	/* on simdev both guarded lines are left out: no kernel */
	assert_int_equal(sim_scenario_nr_ops(s), 1);
	assert_int_equal(sim_scenario_nr_guarded_out(s), 2);
	assert_false(sim_scenario_applies(s, why, sizeof(why)));
	assert_string_equal(why, "target simdev is not a kernel; line 1 "
			    "requires linux >= 1.0");
	sim_scenario_free(s);
#ifdef VFIO_SIM_TARGET_MODEL
	/* the model follows 6.12: one guarded line kept, one left out */
	{
		static const char text[] =
			"requires linux >= 6.12\nrequires linux < 6.13\n"
			"device pci 0000:00:01.0 group 1\nproc A\n"
			"A: g = open /dev/vfio/1\n"
			"[linux >= 6.12.0] A: close g\n"
			"[linux > 6.12] A: close g\n";

		s = sim_scenario_parse("v.sim", text, strlen(text), "model",
				       err, sizeof(err));
		assert_non_null(s);
		assert_int_equal(sim_scenario_nr_ops(s), 2);
		assert_int_equal(sim_scenario_nr_guarded_out(s), 1);
		assert_true(sim_scenario_applies(s, why, sizeof(why)));
		assert_string_equal(why, "");
		sim_scenario_free(s);
		static const char cfg[] =
			"requires CONFIG_VFIO_GROUP\n"
			"requires !CONFIG_IOMMUFD_NOIOMMU\n"
			"device pci 0000:00:01.0 group 1\nproc A\n"
			"A: g = open /dev/vfio/1\n"
			"[CONFIG_IOMMUFD_NOIOMMU] A: close g\n"
			"[!CONFIG_IOMMUFD_NOIOMMU] A: close g\n";

		s = sim_scenario_parse("v.sim", cfg, strlen(cfg), "model",
				       err, sizeof(err));
		assert_non_null(s);
		assert_int_equal(sim_scenario_nr_guarded_out(s), 1);
		assert_true(sim_scenario_applies(s, why, sizeof(why)));
		sim_scenario_free(s);
		s = sim_scenario_parse("v.sim", "requires CONFIG_NOSUCH\n"
				       "proc A\nA: close 3 expect EBADF\n",
				       strlen("requires CONFIG_NOSUCH\n"
					      "proc A\nA: close 3 expect "
					      "EBADF\n"),
				       "model", err, sizeof(err));
		assert_non_null(s);
		assert_false(sim_scenario_applies(s, why, sizeof(why)));
		assert_string_equal(why, "target model does not have "
				    "CONFIG_NOSUCH; line 1 requires "
				    "CONFIG_NOSUCH");
		sim_scenario_free(s);
		s = sim_scenario_parse("v.sim", "requires linux == 7.3\n"
				       "proc A\nA: close 3 expect EBADF\n",
				       strlen("requires linux == 7.3\n"
					      "proc A\nA: close 3 expect "
					      "EBADF\n"),
				       "model", err, sizeof(err));
		assert_non_null(s);
		assert_false(sim_scenario_applies(s, why, sizeof(why)));
		assert_string_equal(why, "target model is linux 6.12.0; line "
				    "1 requires linux == 7.3");
		sim_scenario_free(s);
	}
#endif
}

static void test_parser_targets_table(void **state)
{
	const struct sim_target *t = sim_target_find("simdev");

	assert_non_null(t);
	assert_null(sim_target_find("nosuch"));
	assert_non_null(sim_target_find_ioctl(t, "GET_ID"));
	assert_ptr_equal(sim_target_find_ioctl(t, "SIMDEV_GET_ID"),
			 sim_target_find_ioctl(t, "GET_ID"));
	assert_null(sim_target_find_ioctl(t, "SIMDEV_"));
	assert_non_null(sim_target_find_driver_op(t, "unregister"));
	assert_null(sim_target_find_driver_op(t, "open"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser_malformed_inputs),
		cmocka_unit_test(test_parser_same_name_two_buses),
		cmocka_unit_test(test_parser_full_example),
#ifdef VFIO_SIM_TARGET_LINUX
		cmocka_unit_test(test_parser_param),
#endif
		cmocka_unit_test(test_parser_target_override),
		cmocka_unit_test(test_parser_load_missing_file),
		cmocka_unit_test(test_parser_load_file),
		cmocka_unit_test(test_parser_error_buffer_bounded),
		cmocka_unit_test(test_parser_targets_table),
		cmocka_unit_test(test_parser_versions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
