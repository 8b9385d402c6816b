/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of shims/fs share and nothing else needs.
 */
#ifndef _SHIMS_FS_INTERNAL_H
#define _SHIMS_FS_INTERNAL_H

#include <linux/fs.h>

struct files_struct;

/* Take @fd out of @files: its file (the table's reference) or NULL. */
struct file *sim_files_close_fd(struct files_struct *files, unsigned int fd);

/* ->flush, as at every close of a descriptor (@id: the table). */
int filp_flush(struct file *filp, fl_owner_t id);

#endif /* _SHIMS_FS_INTERNAL_H */
