/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario targets: the kernel code a scenario file runs against, and
 * what the scenario language needs to know about it.
 *
 * A target is a module (init and exit run in every execution, so that
 * module globals are rebuilt from scratch each time), the device keys a
 * `device` line may carry, the ioctls a scenario may name (with how each
 * argument is marshalled into the calling process's memory), the
 * driver-side operations a scenario line may perform (what a real driver
 * does: unregister a device ...), and optional invariant and end checks.
 *
 * Targets never see the scenario's processes or files: they are reached
 * through the simulated uAPI like any kernel code.
 */
#ifndef _TARGETS_TARGET_H
#define _TARGETS_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "shims/devices.h"

struct device;
struct sim_scenario;

#define SIM_TARGET_MAX_KEYS	8

/* A `device BUS NAME [KEY VALUE]...` line, as parsed. */
struct sim_target_device {
	enum sim_bus bus;
	const char *name;
	int line;			/* in the scenario file */
	int nkeys;
	const char *keys[SIM_TARGET_MAX_KEYS];
	const char *values[SIM_TARGET_MAX_KEYS];
	/* during an execution: the bus device (parent of the target's) */
	struct device *dev;
};

/* A `param MODULE.NAME[=VALUE]` line, as parsed. */
struct sim_target_param {
	const char *module;
	const char *name;
	const char *value;		/* NULL: "MODULE.NAME" alone */
	int line;			/* in the scenario file */
};

/* What the target hooks are given during an execution. */
struct sim_target_env {
	const struct sim_scenario *scenario;
	const char *file;		/* the scenario file, for messages */
	int ndevices;
	struct sim_target_device *devices;
	/* module parameters, for init to set before loading its modules */
	int nparams;
	const struct sim_target_param *params;
};

/* The value of @key on device @d, or NULL. */
const char *sim_target_device_key(const struct sim_target_device *d,
				  const char *key);

/* How an ioctl's argument is written to the caller's memory. */
enum sim_ioctl_arg {
	SIM_IOCTL_NONE,		/* no argument: arg is 0 */
	SIM_IOCTL_INT,		/* an integer passed by value */
	SIM_IOCTL_INT_PTR,	/* an int in user memory, arg points at it */
	SIM_IOCTL_FD_PTR,	/* an fd variable's value in user memory */
	SIM_IOCTL_STRING,	/* a NUL-terminated "string" in user memory */
	/*
	 * A structure in user memory that the scenario gives no value for
	 * (only BADPTR or NULL instead of it): the table's marshal() fills
	 * it in (@num 0, @str ""), unmarshal() renders it.
	 */
	SIM_IOCTL_STRUCT,
};

/* A symbolic value for an integer argument ("TYPE1v2" -> 3). */
struct sim_symbol {
	const char *name;
	long value;
};

struct sim_ioctl {
	const char *name;		/* without the target's prefix */
	unsigned int cmd;
	enum sim_ioctl_arg arg;
	/* the result is a new file descriptor of the calling process */
	bool returns_fd;
	/* names an SIM_IOCTL_INT argument may use; { NULL } terminated */
	const struct sim_symbol *symbols;
	/*
	 * Optional, for pointer arguments whose memory is a structure:
	 * write the argument (@num for INT_PTR / FD_PTR, @str for STRING;
	 * required for STRUCT)
	 * at @uaddr with sim_user_write(), at most @room bytes; 0 or -errno.
	 * unmarshal() renders the memory after the call as the result's
	 * text.  Without them the int or string itself is written and read
	 * back.
	 */
	int (*marshal)(const struct sim_ioctl *io, long num, const char *str,
		       unsigned long uaddr, size_t room);
	/*
	 * Optional, for a STRING argument the marshal() reads as fields:
	 * 0, or -1 with a message (no position) in @err.  A scenario's
	 * literal string is checked when the file is parsed; at run time
	 * (a string built from variables, the fuzzer's) marshal() takes
	 * what it cannot read as zeroes.
	 */
	int (*check)(const struct sim_ioctl *io, const char *str, char *err,
		     size_t errlen);
	/* with check: well-formed arguments, NULL terminated (the fuzzer's) */
	const char *const *samples;
	void (*unmarshal)(const struct sim_ioctl *io, unsigned long uaddr,
			  char *text, size_t len);
};

/* What a driver-side operation takes. */
enum sim_driver_arg {
	SIM_DRIVER_NONE,
	SIM_DRIVER_DEVICE,	/* the name of a declared device */
	SIM_DRIVER_INT,
	SIM_DRIVER_STRING,
};

struct sim_driver_value {
	int device;			/* index into env->devices */
	long num;
	const char *str;
};

struct sim_driver_op {
	const char *name;
	enum sim_driver_arg arg;
	/* runs in the calling simulated thread; returns >= 0 or -errno */
	long (*run)(struct sim_target_env *env,
		    const struct sim_driver_value *v);
};

struct sim_target {
	const char *name;
	const char *summary;
	/*
	 * The kernel version of the code under test (LINUX_VERSION_CODE:
	 * a vfio core's tree, the model's declared one); 0 for a target
	 * that is no kernel.  Scenario conditions (`requires linux >= 7.0`)
	 * are judged against it.
	 */
	unsigned int kernel_version;
	/*
	 * The options of its kernel configuration scenarios may ask about
	 * (`requires CONFIG_IOMMUFD_NOIOMMU`), without CONFIG_; NULL
	 * terminated, NULL for none.
	 */
	const char *const *kernel_configs;
	/*
	 * Device keys this target accepts, NULL terminated (NULL: none),
	 * and a check of one value: 0, or -1 with a message (no position)
	 * in @err.
	 */
	const char *const *device_keys;
	int (*device_key)(const struct sim_target_device *d, const char *key,
			  const char *value, char *err, size_t errlen);
	/*
	 * Optional: checks a module parameter line at parse time.  0;
	 * -ENOENT for an unknown module or parameter, -EINVAL for a value
	 * the parameter's type refuses, with a message (no position) in
	 * @err.  NULL: the target takes no parameters.  The target's init
	 * sets them (env->params) before loading its modules.
	 */
	int (*param)(const struct sim_target_param *p, char *err,
		     size_t errlen);
	/*
	 * Module init (0 or -errno) and exit, once per execution.  -ENOMEM
	 * from init means the setup ran out of memory (a fail-nth run): init
	 * has undone everything, and the execution ends there, as passed.
	 */
	int (*init)(struct sim_target_env *env);
	void (*exit)(struct sim_target_env *env);
	/* Optional prefix a scenario may put before ioctl names. */
	const char *ioctl_prefix;
	const struct sim_ioctl *ioctls;
	int nr_ioctls;
	const struct sim_driver_op *driver_ops;
	int nr_driver_ops;
	/* At every scheduling point (must not reach one itself). */
	void (*invariant)(struct sim_target_env *env);
	/* After module exit in an execution that passed: end state. */
	void (*end_check)(struct sim_target_env *env);
};

/* The registered targets. */
const struct sim_target *sim_target_find(const char *name);
extern const struct sim_target *const sim_targets[];
extern const int sim_nr_targets;

const struct sim_ioctl *sim_target_find_ioctl(const struct sim_target *t,
					      const char *name);
const struct sim_driver_op *sim_target_find_driver_op(
	const struct sim_target *t, const char *name);

#endif /* _TARGETS_TARGET_H */
