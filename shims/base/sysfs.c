// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated sysfs: a tree of directories, attribute files and
 * symbolic links built by the driver core (device_add(), class and bus
 * registration) and read by scenarios through sim_sysfs_read(),
 * sim_sysfs_list() and sim_sysfs_readlink().  Nodes are reference
 * counted as kernfs nodes are (see base.h): a device whose parent's
 * directory was removed first keeps its own, detached.
 *
 * One mutex guards the tree.  A read takes an active reference on the
 * attribute and calls its show() callback without the mutex; removing the
 * attribute (or a directory above it) then waits for the reads in
 * progress to finish, as kernfs drains its active references, so a
 * show() never runs on a device that device_del() has finished with.
 * Creating entries never waits for readers.  A name taken twice in one
 * directory is refused with -EEXIST and the kernel's "cannot create
 * duplicate filename" message.  Links record the absolute path of their
 * target when created (devices never move here).
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "shims/devices.h"
#include "base.h"

#define SYSFS_PATH_MAX	4096
#define SYSFS_MAX_LINKS	40	/* links followed in one lookup */

static DEFINE_MUTEX(sysfs_lock);

static struct kernfs_node top[SYSFS_NR_TOP];

static const struct {
	const char *name;
	enum kn_top_dir parent;
} top_layout[SYSFS_NR_TOP] = {
	[SYSFS_ROOT] = { "sys", SYSFS_ROOT },
	[SYSFS_DEVICES] = { "devices", SYSFS_ROOT },
	[SYSFS_VIRTUAL] = { "virtual", SYSFS_DEVICES },
	[SYSFS_CLASS] = { "class", SYSFS_ROOT },
	[SYSFS_BUS] = { "bus", SYSFS_ROOT },
	[SYSFS_DEV] = { "dev", SYSFS_ROOT },
	[SYSFS_DEV_CHAR] = { "char", SYSFS_DEV },
	[SYSFS_KERNEL] = { "kernel", SYSFS_ROOT },
};

struct kernfs_node *kn_top(enum kn_top_dir which)
{
	return &top[which];
}

static void init_static(struct kernfs_node *kn, struct kernfs_node *parent,
			const char *name)
{
	memset(kn, 0, sizeof(*kn));
	kn->name = name;
	kn->type = KERNFS_DIR;
	kn->is_static = true;
	INIT_LIST_HEAD(&kn->children);
	INIT_LIST_HEAD(&kn->sibling);
	if (parent) {
		kn->parent = parent;
		list_add_tail(&kn->sibling, &parent->children);
	}
}

/*
 * Called when an execution begins and ends: the fixed directories, empty.
 * What a failed execution left allocated is freed by the slab hook.
 */
void kn_keep(void)
{
	SIM_SNAPSHOT_KEEP(sysfs_lock);
	SIM_SNAPSHOT_KEEP(top);
}

void kn_reset(void)
{
	for (int i = 0; i < SYSFS_NR_TOP; i++)
		init_static(&top[i], i == SYSFS_ROOT ?
			    NULL : &top[top_layout[i].parent],
			    top_layout[i].name);
}

void kn_add_static_dir(struct kernfs_node *kn, struct kernfs_node *parent,
		       const char *name)
{
	mutex_lock(&sysfs_lock);
	init_static(kn, parent, name);
	mutex_unlock(&sysfs_lock);
}

static struct kernfs_node *find_child(struct kernfs_node *dir,
				      const char *name)
{
	struct kernfs_node *kn;

	list_for_each_entry(kn, &dir->children, sibling)
		if (!strcmp(kn->name, name))
			return kn;
	return NULL;
}

static size_t path_len(const struct kernfs_node *kn)
{
	if (!kn->parent)
		return 1 + strlen(kn->name);
	return path_len(kn->parent) + 1 + strlen(kn->name);
}

/* Writes the path of @kn at @buf (path_len() + 1 bytes); returns the end. */
static char *path_fill(const struct kernfs_node *kn, char *buf)
{
	char *p = kn->parent ? path_fill(kn->parent, buf) : buf;

	*p++ = '/';
	strcpy(p, kn->name);
	return p + strlen(kn->name);
}

static char *path_of_locked(struct kernfs_node *kn)
{
	char *path = kmalloc(path_len(kn) + 1, GFP_KERNEL);

	if (path)
		path_fill(kn, path);
	return path;
}

char *kn_path(struct kernfs_node *kn)
{
	char *path = NULL;

	mutex_lock(&sysfs_lock);
	if (!kn->removed)
		path = path_of_locked(kn);
	mutex_unlock(&sysfs_lock);
	return path;
}

/* The kernel prints this (and a backtrace) on a duplicate name. */
static void warn_dup(struct kernfs_node *dir, const char *name)
{
	char path[SYSFS_PATH_MAX];

	if (path_len(dir) + 1 + strlen(name) < sizeof(path)) {
		*path_fill(dir, path) = 0;
		/* as the kernel says it: relative to the sysfs mount */
		pr_warn("sysfs: cannot create duplicate filename '%s/%s'\n",
			path + strlen("/sys"), name);
	}
}

static void node_get(struct kernfs_node *kn)
{
	if (!kn->is_static)
		kn->refs++;
}

static void node_put(struct kernfs_node *kn)
{
	if (kn->is_static || WARN_ON(kn->refs <= 0) || --kn->refs)
		return;
	kfree(kn->name);
	kfree(kn->target);
	kfree(kn);
}

/* A new entry @name in @dir, or an ERR_PTR; under sysfs_lock. */
static struct kernfs_node *new_node(struct kernfs_node *dir, const char *name,
				    enum kernfs_type type)
{
	struct kernfs_node *kn;
	char *copy;

	if (dir->removed)
		return ERR_PTR(-ENOENT);
	if (dir->type != KERNFS_DIR)
		return ERR_PTR(-ENOTDIR);
	if (find_child(dir, name)) {
		warn_dup(dir, name);
		return ERR_PTR(-EEXIST);
	}
	kn = kzalloc(sizeof(*kn), GFP_KERNEL);
	copy = kstrdup(name, GFP_KERNEL);
	if (!kn || !copy) {
		kfree(kn);
		kfree(copy);
		return ERR_PTR(-ENOMEM);
	}
	kn->name = copy;
	kn->type = type;
	kn->refs = 1;		/* the tree's */
	kn->parent = dir;
	INIT_LIST_HEAD(&kn->children);
	list_add_tail(&kn->sibling, &dir->children);
	return kn;
}

/* Removed nodes with reads in progress, to wait for once unlocked. */
struct drain {
	struct kernfs_node *kn[SIM_MAX_THREADS];
	int n;
};

/* Unlink @kn and everything under it, dropping the tree's references. */
static void remove_locked(struct kernfs_node *kn, struct drain *d)
{
	if (kn->removed)
		return;
	kn->removed = true;
	if (kn->active && d->n < (int)ARRAY_SIZE(d->kn)) {
		node_get(kn);
		d->kn[d->n++] = kn;
	}
	while (!list_empty(&kn->children))
		remove_locked(list_first_entry(&kn->children,
					       struct kernfs_node, sibling),
			      d);
	list_del_init(&kn->sibling);
	kn->parent = NULL;
	node_put(kn);
}

/* Without sysfs_lock: wait until the reads of removed nodes are over. */
static void drain(struct drain *d)
{
	for (int i = 0; i < d->n; i++) {
		struct kernfs_node *kn = d->kn[i];

		mutex_lock(&sysfs_lock);
		while (kn->active) {
			mutex_unlock(&sysfs_lock);
			sim_block(kn, "kernfs_drain", 0, SIM_HERE);
			mutex_lock(&sysfs_lock);
		}
		node_put(kn);
		mutex_unlock(&sysfs_lock);
	}
}

int kn_create_dir(struct kernfs_node *parent, const char *name,
		  struct kernfs_node **out)
{
	struct kernfs_node *kn;

	if (!parent)
		return -ENOENT;
	mutex_lock(&sysfs_lock);
	kn = new_node(parent, name, KERNFS_DIR);
	if (!IS_ERR(kn))
		node_get(kn);	/* the caller's */
	mutex_unlock(&sysfs_lock);
	if (IS_ERR(kn))
		return PTR_ERR(kn);
	*out = kn;
	return 0;
}

void kn_remove_dir(struct kernfs_node *kn)
{
	struct drain d = { .n = 0 };

	if (!kn)
		return;
	mutex_lock(&sysfs_lock);
	remove_locked(kn, &d);
	node_put(kn);
	mutex_unlock(&sysfs_lock);
	drain(&d);
}

void kn_put(struct kernfs_node *kn)
{
	if (!kn)
		return;
	mutex_lock(&sysfs_lock);
	node_put(kn);
	mutex_unlock(&sysfs_lock);
}

struct kernfs_node *kn_get_glue_dir(struct kernfs_node *parent,
				    const char *name)
{
	struct kernfs_node *kn;

	if (!parent)
		return ERR_PTR(-ENOENT);
	mutex_lock(&sysfs_lock);
	kn = find_child(parent, name);
	if (kn && kn->glue_users > 0) {
		kn->glue_users++;
		node_get(kn);
	} else if (kn) {
		warn_dup(parent, name);
		kn = ERR_PTR(-EEXIST);
	} else {
		kn = new_node(parent, name, KERNFS_DIR);
		if (!IS_ERR(kn)) {
			kn->glue_users = 1;
			node_get(kn);
		}
	}
	mutex_unlock(&sysfs_lock);
	return kn;
}

void kn_put_glue_dir(struct kernfs_node *glue)
{
	struct drain d = { .n = 0 };

	if (!glue)
		return;
	mutex_lock(&sysfs_lock);
	if (!WARN_ON(glue->glue_users <= 0) && !--glue->glue_users)
		remove_locked(glue, &d);
	node_put(glue);
	mutex_unlock(&sysfs_lock);
	drain(&d);
}

int kn_create_link(struct kernfs_node *dir, const char *name,
		   struct kernfs_node *target)
{
	struct kernfs_node *kn;
	char *path;

	if (!dir || !target)
		return -ENOENT;
	mutex_lock(&sysfs_lock);
	if (target->removed) {
		mutex_unlock(&sysfs_lock);
		return -ENOENT;
	}
	path = path_of_locked(target);
	kn = path ? new_node(dir, name, KERNFS_LINK) : ERR_PTR(-ENOMEM);
	if (IS_ERR(kn)) {
		mutex_unlock(&sysfs_lock);
		kfree(path);
		return PTR_ERR(kn);
	}
	kn->target = path;
	mutex_unlock(&sysfs_lock);
	return 0;
}

int kn_create_attr(struct kernfs_node *dir, struct device *dev,
		   const struct device_attribute *attr)
{
	struct kernfs_node *kn;

	if (!dir)
		return -ENOENT;
	mutex_lock(&sysfs_lock);
	kn = new_node(dir, attr->attr.name, KERNFS_FILE);
	if (!IS_ERR(kn)) {
		kn->dev = dev;
		kn->attr = (struct device_attribute *)attr;
	}
	mutex_unlock(&sysfs_lock);
	return PTR_ERR_OR_ZERO(kn);
}

void kn_remove_name(struct kernfs_node *dir, const char *name)
{
	struct drain d = { .n = 0 };
	struct kernfs_node *kn;

	if (!dir)
		return;
	mutex_lock(&sysfs_lock);
	kn = find_child(dir, name);
	if (kn)
		remove_locked(kn, &d);
	mutex_unlock(&sysfs_lock);
	drain(&d);
}

int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, SIM_SYSFS_BUF_SIZE, fmt, args);
	va_end(args);
	return len;
}

int sysfs_emit_at(char *buf, int at, const char *fmt, ...)
{
	va_list args;
	int len;

	if (WARN(at < 0 || at >= SIM_SYSFS_BUF_SIZE,
		 "invalid sysfs_emit_at: offset %d", at))
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf + at, SIM_SYSFS_BUF_SIZE - at, fmt, args);
	va_end(args);
	return len;
}

/* --- lookups for the simulated userspace ------------------------------- */

/* Whether @p holds another path component. */
static bool more_components(const char *p)
{
	return p[strspn(p, "/")] != 0;
}

/*
 * The node at @path ("/sys/..."), following links on the way and, when
 * @follow_last, at the end; NULL with *@err set when there is none.
 * Under sysfs_lock.
 */
static struct kernfs_node *walk(const char *path, bool follow_last, int *err)
{
	char buf[SYSFS_PATH_MAX], next[SYSFS_PATH_MAX];
	struct kernfs_node *cur;
	int links = 0;
	const char *p;

	if (!path || strncmp(path, "/sys", 4) ||
	    (path[4] && path[4] != '/') || strlen(path) >= sizeof(buf)) {
		*err = -ENOENT;
		return NULL;
	}
	strcpy(buf, path + 4);
restart:
	cur = &top[SYSFS_ROOT];
	p = buf;
	while (more_components(p)) {
		struct kernfs_node *kn;
		char name[256];
		size_t n;

		p += strspn(p, "/");
		n = strcspn(p, "/");
		if (cur->type != KERNFS_DIR) {
			*err = -ENOTDIR;
			return NULL;
		}
		if (n >= sizeof(name)) {
			*err = -ENAMETOOLONG;
			return NULL;
		}
		memcpy(name, p, n);
		name[n] = 0;
		p += n;
		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {
			if (cur->parent)
				cur = cur->parent;
			continue;
		}
		kn = find_child(cur, name);
		if (!kn) {
			*err = -ENOENT;
			return NULL;
		}
		if (kn->type == KERNFS_LINK &&
		    (follow_last || more_components(p))) {
			/* go on from the target: its path, then the rest */
			if (++links > SYSFS_MAX_LINKS) {
				*err = -ELOOP;
				return NULL;
			}
			if (strlen(kn->target + 4) + strlen(p) >=
			    sizeof(next)) {
				*err = -ENAMETOOLONG;
				return NULL;
			}
			strcpy(next, kn->target + 4);
			strcat(next, p);
			strcpy(buf, next);
			goto restart;
		}
		cur = kn;
	}
	return cur;
}

/* Copy @n bytes of @src into @buf of @len, NUL-terminated; the count. */
static long put_out(char *buf, size_t len, const char *src, size_t n)
{
	if (!len)
		return 0;
	if (n > len - 1)
		n = len - 1;
	memcpy(buf, src, n);
	buf[n] = 0;
	return n;
}

long sim_sysfs_read(const char *path, char *buf, size_t len)
{
	char page[SIM_SYSFS_BUF_SIZE];
	struct kernfs_node *kn;
	int err = 0;
	long ret;

	mutex_lock(&sysfs_lock);
	kn = walk(path, true, &err);
	if (!kn || kn->type == KERNFS_DIR || !kn->attr->show) {
		mutex_unlock(&sysfs_lock);
		if (!kn)
			return err;
		return kn->type == KERNFS_DIR ? -EISDIR : -EIO;
	}
	/* an active reference: removal waits for this read to finish */
	kn->active++;
	node_get(kn);
	mutex_unlock(&sysfs_lock);

	memset(page, 0, sizeof(page));
	ret = kn->attr->show(kn->dev, kn->attr, page);
	if (ret > (long)sizeof(page) - 1)
		ret = sizeof(page) - 1;
	if (ret >= 0)
		ret = put_out(buf, len, page, ret);

	mutex_lock(&sysfs_lock);
	if (!--kn->active && kn->removed)
		sim_wake_all(kn);
	node_put(kn);
	mutex_unlock(&sysfs_lock);
	return ret;
}

long sim_sysfs_list(const char *path, char *buf, size_t len)
{
	const char *last = NULL;
	struct kernfs_node *kn, *dir;
	size_t n = 0;
	int err = 0;

	mutex_lock(&sysfs_lock);
	dir = walk(path, true, &err);
	if (!dir || dir->type != KERNFS_DIR) {
		mutex_unlock(&sysfs_lock);
		return dir ? -ENOTDIR : err;
	}
	if (len)
		buf[0] = 0;
	/* by name, without allocating: the next larger name each round */
	for (;;) {
		const char *best = NULL;
		size_t l;

		list_for_each_entry(kn, &dir->children, sibling)
			if ((!last || strcmp(kn->name, last) > 0) &&
			    (!best || strcmp(kn->name, best) < 0))
				best = kn->name;
		if (!best)
			break;
		l = strlen(best);
		if (len && n + l + 1 <= len - 1) {
			memcpy(buf + n, best, l);
			buf[n + l] = '\n';
			buf[n + l + 1] = 0;
			n += l + 1;
		}
		last = best;
	}
	mutex_unlock(&sysfs_lock);
	return n;
}

long sim_sysfs_readlink(const char *path, char *buf, size_t len)
{
	struct kernfs_node *kn;
	int err = 0;
	long ret;

	mutex_lock(&sysfs_lock);
	kn = walk(path, false, &err);
	if (!kn)
		ret = err;
	else if (kn->type != KERNFS_LINK)
		ret = -EINVAL;
	else
		ret = put_out(buf, len, kn->target, strlen(kn->target));
	mutex_unlock(&sysfs_lock);
	return ret;
}
