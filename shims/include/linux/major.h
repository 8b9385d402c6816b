/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The statically assigned character device majors the simulation meets
 * (the numbers are the kernel's, from Documentation/admin-guide/devices).
 */
#ifndef _LINUX_MAJOR_H
#define _LINUX_MAJOR_H

#define UNNAMED_MAJOR		0
#define MEM_MAJOR		1
#define TTY_MAJOR		4
#define TTYAUX_MAJOR		5
#define MISC_MAJOR		10
#define INPUT_MAJOR		13
#define SOUND_MAJOR		14

#endif /* _LINUX_MAJOR_H */
