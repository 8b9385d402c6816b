/* SPDX-License-Identifier: GPL-2.0-only */
/* Pages of 4 KiB, as on x86-64. */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

/* <sys/user.h> defines the same values; either may come first. */
#ifndef PAGE_SHIFT
#define PAGE_SHIFT		12
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#endif
#ifndef PAGE_MASK
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#endif

#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

#endif /* _ASM_X86_PAGE_H */
