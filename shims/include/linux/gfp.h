/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __LINUX_GFP_H
#define __LINUX_GFP_H

typedef unsigned int gfp_t;

#define ___GFP_DIRECT_RECLAIM	0x400u
#define ___GFP_ZERO		0x100u
#define ___GFP_NOWARN		0x200u
#define ___GFP_NOFAIL		0x8000u
#define ___GFP_ACCOUNT		0x400000u

#define __GFP_ZERO		((gfp_t)___GFP_ZERO)
#define __GFP_NOWARN		((gfp_t)___GFP_NOWARN)
#define __GFP_NOFAIL		((gfp_t)___GFP_NOFAIL)
#define __GFP_ACCOUNT		((gfp_t)___GFP_ACCOUNT)
#define __GFP_DIRECT_RECLAIM	((gfp_t)___GFP_DIRECT_RECLAIM)

/* GFP_KERNEL may sleep; GFP_ATOMIC and GFP_NOWAIT may not. */
#define GFP_ATOMIC		((gfp_t)0x20u)
#define GFP_NOWAIT		((gfp_t)0u)
#define GFP_KERNEL		((gfp_t)(0xc0u | ___GFP_DIRECT_RECLAIM))
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOIO		GFP_KERNEL
#define GFP_NOFS		GFP_KERNEL
#define GFP_USER		GFP_KERNEL

static inline int gfpflags_allow_blocking(gfp_t flags)
{
	return !!(flags & __GFP_DIRECT_RECLAIM);
}

#endif /* __LINUX_GFP_H */
