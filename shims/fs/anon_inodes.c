// SPDX-License-Identifier: GPL-2.0-only
/*
 * Anonymous files: every one shares the anonymous inode, which lives as
 * long as the simulated machine (it is rebuilt when an execution begins);
 * each file holds a reference on it and on the module owning its
 * file_operations until its final fput.
 */
#include <stdio.h>
#include <string.h>

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>

#include "shims/vfs.h"

static struct super_block anon_inode_sb;
static struct inode anon_inode_inode;

static void anon_inodes_begin(void)
{
	memset(&anon_inode_sb, 0, sizeof(anon_inode_sb));
	snprintf(anon_inode_sb.s_id, sizeof(anon_inode_sb.s_id),
		 "anon_inodefs");
	anon_inode_sb.s_magic = 0x09041934;	/* ANON_INODE_FS_MAGIC */
	memset(&anon_inode_inode, 0, sizeof(anon_inode_inode));
	__sim_atomic_set(&anon_inode_inode.i_count, 1);
	anon_inode_inode.i_mode = S_IRUSR | S_IWUSR;
	anon_inode_inode.i_flags = S_PRIVATE;
	anon_inode_inode.i_sb = &anon_inode_sb;
	anon_inode_inode.i_data.host = &anon_inode_inode;
	anon_inode_inode.i_mapping = &anon_inode_inode.i_data;
	INIT_LIST_HEAD(&anon_inode_inode.i_devices);
}

static bool anon_inodes_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(anon_inode_sb);
	SIM_SNAPSHOT_KEEP(anon_inode_inode);
	return true;
}

static struct sim_exec_hook anon_inodes_hook = {
	.name = "anon_inodes",
	.order = SIM_HOOK_ANON_INODES,
	.begin = anon_inodes_begin,
	.snapshot = anon_inodes_snapshot,
};

static void __attribute__((constructor)) anon_inodes_register(void)
{
	sim_register_exec_hook(&anon_inodes_hook);
	anon_inodes_begin();
}

/* A file on @inode (whose reference it takes over) with @fops. */
static struct file *alloc_file_pseudo(struct inode *inode, const char *name,
				      int flags,
				      const struct file_operations *fops)
{
	struct file *file = sim_alloc_empty_file(flags, name);

	if (IS_ERR(file))
		return file;
	file->f_inode = inode;
	file->f_mapping = inode->i_mapping;
	file->f_op = fops;
	file->f_mode |= FMODE_OPENED;
	if ((file->f_mode & FMODE_READ) && fops->read)
		file->f_mode |= FMODE_CAN_READ;
	if ((file->f_mode & FMODE_WRITE) && fops->write)
		file->f_mode |= FMODE_CAN_WRITE;
	return file;
}

struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops,
				void *priv, int flags)
{
	struct inode *inode = &anon_inode_inode;
	struct file *file;

	if (fops->owner && !try_module_get(fops->owner))
		return ERR_PTR(-ENOENT);
	ihold(inode);
	file = alloc_file_pseudo(inode, name,
				 flags & (O_ACCMODE | O_NONBLOCK), fops);
	if (IS_ERR(file)) {
		iput(inode);
		module_put(fops->owner);
		return file;
	}
	file->private_data = priv;
	return file;
}

struct file *anon_inode_getfile_fmode(const char *name,
				      const struct file_operations *fops,
				      void *priv, int flags, fmode_t f_mode)
{
	struct file *file = anon_inode_getfile(name, fops, priv, flags);

	if (!IS_ERR(file))
		file->f_mode |= f_mode;
	return file;
}

int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile(name, fops, priv, flags);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	return fd;
}
