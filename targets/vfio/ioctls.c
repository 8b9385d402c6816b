// SPDX-License-Identifier: GPL-2.0-only
/*
 * The uAPI of a vfio target as scenario files name it: the ioctls of the
 * container, group and device files, iommufd's and KVM's that scenarios
 * use with them, and how each argument is written into the calling
 * process's memory (marshal) and read back as a result's text
 * (unmarshal).  Compiled with each core, against its uAPI headers.
 */
#include <stdio.h>
#include <string.h>

#include <linux/uuid.h>
#include <linux/vfio.h>

#include "mocks/iommufd.h"	/* IOMMU_IOAS_ALLOC */
#include "shims/user.h"

#include "ioctls.h"

/* --- ioctl arguments ----------------------------------------------------- */

static int put(unsigned long uaddr, size_t room, const void *p, size_t len)
{
	if (len > room)
		return -E2BIG;
	return sim_user_write(uaddr, p, len) ? -EFAULT : 0;
}

static int get(unsigned long uaddr, void *p, size_t len)
{
	return sim_user_read(uaddr, p, len);
}

int group_status_marshal(const struct sim_ioctl *io, long num,
			 const char *str, unsigned long uaddr,
			 size_t room)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };

	return put(uaddr, room, &st, sizeof(st));
}

void group_status_unmarshal(const struct sim_ioctl *io,
			    unsigned long uaddr, char *text, size_t len)
{
	struct vfio_group_status st;

	if (!get(uaddr, &st, sizeof(st)))
		snprintf(text, len, "%s%s",
			 st.flags & VFIO_GROUP_FLAGS_VIABLE ? "viable" : "",
			 st.flags & VFIO_GROUP_FLAGS_CONTAINER_SET ?
			 " container" : "");
}

int device_info_marshal(const struct sim_ioctl *io, long num,
			const char *str, unsigned long uaddr,
			size_t room)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	return put(uaddr, room, &info, sizeof(info));
}

void device_info_unmarshal(const struct sim_ioctl *io,
			   unsigned long uaddr, char *text, size_t len)
{
	struct vfio_device_info info;

	if (!get(uaddr, &info, sizeof(info)))
		snprintf(text, len, "%u regions %u irqs", info.num_regions,
			 info.num_irqs);
}

int bind_marshal(const struct sim_ioctl *io, long num,
		 const char *str, unsigned long uaddr, size_t room)
{
	struct vfio_device_bind_iommufd bind = {
		.argsz = sizeof(bind),
		.iommufd = (__s32)num,
	};

	return put(uaddr, room, &bind, sizeof(bind));
}

void bind_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
		    char *text, size_t len)
{
	struct vfio_device_bind_iommufd bind;

	if (!get(uaddr, &bind, sizeof(bind)))
		snprintf(text, len, "%u", bind.out_devid);
}

int attach_marshal(const struct sim_ioctl *io, long num,
		   const char *str, unsigned long uaddr, size_t room)
{
	struct vfio_device_attach_iommufd_pt attach = {
		.argsz = sizeof(attach),
		.pt_id = (__u32)num,
	};

	return put(uaddr, room, &attach, sizeof(attach));
}

void attach_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
		      char *text, size_t len)
{
	struct vfio_device_attach_iommufd_pt attach;

	if (!get(uaddr, &attach, sizeof(attach)))
		snprintf(text, len, "%u", attach.pt_id);
}

int detach_marshal(const struct sim_ioctl *io, long num,
		   const char *str, unsigned long uaddr, size_t room)
{
	struct vfio_device_detach_iommufd_pt detach = {
		.argsz = sizeof(detach),
	};

	return put(uaddr, room, &detach, sizeof(detach));
}

/*
 * Structures with a bad argsz or flags: the ioctl's name ends in _ARGSZ
 * or _FLAGS and its int argument is the field's value; the rest is as
 * the well-formed form (fds and ids 0).
 */
static bool io_flags(const struct sim_ioctl *io)
{
	size_t n = strlen(io->name);

	return n > 6 && !strcmp(io->name + n - 6, "_FLAGS");
}

int status_argsz_marshal(const struct sim_ioctl *io, long num,
			 const char *str, unsigned long uaddr,
			 size_t room)
{
	struct vfio_group_status st = { .argsz = (__u32)num };

	return put(uaddr, room, &st, sizeof(st));
}

int bind_bad_marshal(const struct sim_ioctl *io, long num,
		     const char *str, unsigned long uaddr, size_t room)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };

	if (io_flags(io))
		bind.flags = (__u32)num;
	else
		bind.argsz = (__u32)num;
	return put(uaddr, room, &bind, sizeof(bind));
}

int attach_bad_marshal(const struct sim_ioctl *io, long num,
		       const char *str, unsigned long uaddr,
		       size_t room)
{
	struct vfio_device_attach_iommufd_pt attach = {
		.argsz = sizeof(attach),
	};

	if (io_flags(io))
		attach.flags = (__u32)num;
	else
		attach.argsz = (__u32)num;
	return put(uaddr, room, &attach, sizeof(attach));
}

int detach_bad_marshal(const struct sim_ioctl *io, long num,
		       const char *str, unsigned long uaddr,
		       size_t room)
{
	struct vfio_device_detach_iommufd_pt detach = {
		.argsz = sizeof(detach),
	};

	if (io_flags(io))
		detach.flags = (__u32)num;
	else
		detach.argsz = (__u32)num;
	return put(uaddr, room, &detach, sizeof(detach));
}

void no_text(const struct sim_ioctl *io, unsigned long uaddr,
	     char *text, size_t len)
{
	text[0] = 0;
}

int ioas_alloc_marshal(const struct sim_ioctl *io, long num,
		       const char *str, unsigned long uaddr,
		       size_t room)
{
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };

	return put(uaddr, room, &alloc, sizeof(alloc));
}

void ioas_alloc_unmarshal(const struct sim_ioctl *io,
			  unsigned long uaddr, char *text, size_t len)
{
	struct iommu_ioas_alloc alloc;

	if (!get(uaddr, &alloc, sizeof(alloc)))
		snprintf(text, len, "%u", alloc.out_ioas_id);
}

/* IOMMU_DESTROY of the object whose id is the argument. */
int destroy_marshal(const struct sim_ioctl *io, long num, const char *str,
		    unsigned long uaddr, size_t room)
{
	struct iommu_destroy cmd = { .size = sizeof(cmd), .id = (u32)num };

	return put(uaddr, room, &cmd, sizeof(cmd));
}

/*
 * 6.15's PASID forms of ATTACH/DETACH_IOMMUFD_PT and 7.x's BIND_IOMMUFD
 * token, written with the uAPI's layout (argsz, flags, then the fields;
 * the PASID and the token pointer come last) whatever this core's header
 * says, so that a scenario can ask an older core too and see it refuse
 * the flag.
 */
struct vfio_sim_attach_pasid {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
	__u32 pasid;
};

struct vfio_sim_detach_pasid {
	__u32 argsz;
	__u32 flags;
	__u32 pasid;
};

struct vfio_sim_bind_token {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
	__aligned_u64 token_uuid_ptr;
};

/* "PASID PT_ID": the PASID and the IOAS (or hwpt) to attach it to */
int attach_pasid_marshal(const struct sim_ioctl *io, long num,
			 const char *str, unsigned long uaddr, size_t room)
{
	struct vfio_sim_attach_pasid attach = {
		.argsz = sizeof(attach),
		.flags = 1,		/* VFIO_DEVICE_ATTACH_PASID */
	};

	/* what is not "PASID PT_ID" stays 0 (attach_pasid_check()) */
	if (sscanf(str, "%u %u", &attach.pasid, &attach.pt_id) != 2)
		attach.pasid = attach.pt_id = 0;
	return put(uaddr, room, &attach, sizeof(attach));
}

int attach_pasid_check(const struct sim_ioctl *io, const char *str,
		       char *err, size_t errlen)
{
	unsigned int pasid, pt_id;
	char end;

	if (sscanf(str, "%u %u %c", &pasid, &pt_id, &end) == 2)
		return 0;
	snprintf(err, errlen, "'%s' is not \"PASID PT_ID\" (two numbers)",
		 str);
	return -1;
}

void attach_pasid_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
			    char *text, size_t len)
{
	struct vfio_sim_attach_pasid attach;

	if (!get(uaddr, &attach, sizeof(attach)))
		snprintf(text, len, "%u", attach.pt_id);
}

/*
 * The _SHORT forms: the PASID flag set, the PASID written, but argsz
 * ending before the pasid field (what a core must refuse before it reads
 * the field).
 */
int attach_pasid_short_marshal(const struct sim_ioctl *io, long num,
			       const char *str, unsigned long uaddr,
			       size_t room)
{
	__u32 argsz = offsetof(struct vfio_sim_attach_pasid, pasid);
	int err = attach_pasid_marshal(io, num, str, uaddr, room);

	return err ? err : put(uaddr, room, &argsz, sizeof(argsz));
}

int detach_pasid_short_marshal(const struct sim_ioctl *io, long num,
			       const char *str, unsigned long uaddr,
			       size_t room)
{
	__u32 argsz = offsetof(struct vfio_sim_detach_pasid, pasid);
	int err = detach_pasid_marshal(io, num, str, uaddr, room);

	return err ? err : put(uaddr, room, &argsz, sizeof(argsz));
}

int detach_pasid_marshal(const struct sim_ioctl *io, long num,
			 const char *str, unsigned long uaddr, size_t room)
{
	struct vfio_sim_detach_pasid detach = {
		.argsz = sizeof(detach),
		.flags = 1,		/* VFIO_DEVICE_DETACH_PASID */
		.pasid = (__u32)num,
	};

	return put(uaddr, room, &detach, sizeof(detach));
}

/*
 * "FD UUID" (the iommufd and the token, put right after the structure)
 * or "FD NULL" (the token flag with a NULL token pointer)
 */
int bind_token_marshal(const struct sim_ioctl *io, long num,
		       const char *str, unsigned long uaddr, size_t room)
{
	struct vfio_sim_bind_token bind = {
		.argsz = sizeof(bind),
		.flags = 1,		/* VFIO_DEVICE_BIND_FLAG_TOKEN */
	};
	char token[40] = "NULL";
	uuid_t uuid;
	int ret;

	/* what is not "FD UUID": fd -1 and a NULL token (bind_token_check()) */
	if (sscanf(str, "%d %39s", &bind.iommufd, token) != 2)
		bind.iommufd = -1;
	if (!uuid_parse(token, &uuid)) {
		bind.token_uuid_ptr = uaddr + sizeof(bind);
		ret = put(uaddr + sizeof(bind),
			  room < sizeof(bind) ? 0 : room - sizeof(bind),
			  &uuid, sizeof(uuid));
		if (ret)
			return ret;
	}
	return put(uaddr, room, &bind, sizeof(bind));
}

int bind_token_check(const struct sim_ioctl *io, const char *str,
		     char *err, size_t errlen)
{
	char token[40], end;
	uuid_t uuid;
	int fd;

	if (sscanf(str, "%d %39s %c", &fd, token, &end) == 2 &&
	    (!strcmp(token, "NULL") || !uuid_parse(token, &uuid)))
		return 0;
	snprintf(err, errlen, "'%s' is not \"FD UUID\" or \"FD NULL\"", str);
	return -1;
}

void bind_token_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
			  char *text, size_t len)
{
	struct vfio_sim_bind_token bind;

	if (!get(uaddr, &bind, sizeof(bind)))
		snprintf(text, len, "%u", bind.out_devid);
}

/* the region's index */
int region_info_marshal(const struct sim_ioctl *io, long num,
			const char *str, unsigned long uaddr, size_t room)
{
	struct vfio_region_info info = {
		.argsz = sizeof(info),
		.index = (__u32)num,
	};

	return put(uaddr, room, &info, sizeof(info));
}

/* GET_REGION_INFO of index 0 with the argsz given */
int region_info_argsz_marshal(const struct sim_ioctl *io, long num,
			      const char *str, unsigned long uaddr,
			      size_t room)
{
	struct vfio_region_info info = { .argsz = (__u32)num };

	return put(uaddr, room, &info, sizeof(info));
}

void region_info_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
			   char *text, size_t len)
{
	struct vfio_region_info info;

	if (!get(uaddr, &info, sizeof(info)))
		snprintf(text, len, "size %llu flags 0x%x",
			 (unsigned long long)info.size, info.flags);
}
