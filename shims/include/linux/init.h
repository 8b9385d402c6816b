/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Section annotations of init and exit code.  Nothing is discarded after
 * boot here: every execution loads the modules again (see <shims/module.h>),
 * so the annotations are empty.  module_init() and module_exit() are in
 * <linux/module.h>.
 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>
#include <linux/types.h>

#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __refdata
#define __ref
#define __meminit
#define __meminitdata
#define __exit_p(x)	x

#endif /* _LINUX_INIT_H */
