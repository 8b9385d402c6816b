/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How a vfio target writes the arguments of the uAPI's ioctls into the
 * calling process's memory and reads results back (ioctls.c); the table
 * of ioctls scenario files may name is the target's (vfio_target.c).
 * Signatures as struct sim_ioctl's marshal and unmarshal.
 */
#ifndef _TARGETS_VFIO_IOCTLS_H
#define _TARGETS_VFIO_IOCTLS_H

#include <stddef.h>

#include "targets/target.h"

int group_status_marshal(const struct sim_ioctl *io, long num,
			 const char *str, unsigned long uaddr,
			 size_t room);
void group_status_unmarshal(const struct sim_ioctl *io,
			    unsigned long uaddr, char *text, size_t len);
int device_info_marshal(const struct sim_ioctl *io, long num,
			const char *str, unsigned long uaddr,
			size_t room);
void device_info_unmarshal(const struct sim_ioctl *io,
			   unsigned long uaddr, char *text, size_t len);
int bind_marshal(const struct sim_ioctl *io, long num,
		 const char *str, unsigned long uaddr, size_t room);
void bind_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
		    char *text, size_t len);
int attach_marshal(const struct sim_ioctl *io, long num,
		   const char *str, unsigned long uaddr, size_t room);
void attach_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
		      char *text, size_t len);
int detach_marshal(const struct sim_ioctl *io, long num,
		   const char *str, unsigned long uaddr, size_t room);
int status_argsz_marshal(const struct sim_ioctl *io, long num,
			 const char *str, unsigned long uaddr,
			 size_t room);
int bind_bad_marshal(const struct sim_ioctl *io, long num,
		     const char *str, unsigned long uaddr, size_t room);
int attach_bad_marshal(const struct sim_ioctl *io, long num,
		       const char *str, unsigned long uaddr,
		       size_t room);
int detach_bad_marshal(const struct sim_ioctl *io, long num,
		       const char *str, unsigned long uaddr,
		       size_t room);
void no_text(const struct sim_ioctl *io, unsigned long uaddr,
	     char *text, size_t len);
int destroy_marshal(const struct sim_ioctl *io, long num, const char *str,
		    unsigned long uaddr, size_t room);
int ioas_alloc_marshal(const struct sim_ioctl *io, long num,
		       const char *str, unsigned long uaddr,
		       size_t room);
void ioas_alloc_unmarshal(const struct sim_ioctl *io,
			  unsigned long uaddr, char *text, size_t len);
int attach_pasid_marshal(const struct sim_ioctl *io, long num,
			 const char *str, unsigned long uaddr, size_t room);
int region_info_argsz_marshal(const struct sim_ioctl *io, long num,
			      const char *str, unsigned long uaddr,
			      size_t room);
int attach_pasid_short_marshal(const struct sim_ioctl *io, long num,
			       const char *str, unsigned long uaddr,
			       size_t room);
int detach_pasid_short_marshal(const struct sim_ioctl *io, long num,
			       const char *str, unsigned long uaddr,
			       size_t room);
int attach_pasid_check(const struct sim_ioctl *io, const char *str,
		       char *err, size_t errlen);
void attach_pasid_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
			    char *text, size_t len);
int detach_pasid_marshal(const struct sim_ioctl *io, long num,
			 const char *str, unsigned long uaddr, size_t room);
int bind_token_marshal(const struct sim_ioctl *io, long num,
		       const char *str, unsigned long uaddr, size_t room);
int bind_token_check(const struct sim_ioctl *io, const char *str,
		     char *err, size_t errlen);
void bind_token_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
			  char *text, size_t len);
int region_info_marshal(const struct sim_ioctl *io, long num,
			const char *str, unsigned long uaddr, size_t room);
void region_info_unmarshal(const struct sim_ioctl *io, unsigned long uaddr,
			   char *text, size_t len);

#endif /* _TARGETS_VFIO_IOCTLS_H */
