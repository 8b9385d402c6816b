/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * File modes.  The system's uapi header (struct statx) is wrapped and sets
 * the include guard; under glibc it leaves the S_IF* and permission macros
 * to <sys/stat.h>, which is what kernel code gets here too, so that a mode
 * means the same thing on both sides.  glibc's <sys/stat.h> itself
 * includes <linux/stat.h> for statx, so this file must stay small.
 */
#ifndef _LINUX_STAT_H
#include_next <linux/stat.h>
#ifndef _LINUX_STAT_H
#define _LINUX_STAT_H
#endif

#include <sys/stat.h>

#define S_IRWXUGO	(S_IRWXU | S_IRWXG | S_IRWXO)
#define S_IALLUGO	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXUGO)
#define S_IRUGO		(S_IRUSR | S_IRGRP | S_IROTH)
#define S_IWUGO		(S_IWUSR | S_IWGRP | S_IWOTH)
#define S_IXUGO		(S_IXUSR | S_IXGRP | S_IXOTH)

#endif /* _LINUX_STAT_H */
