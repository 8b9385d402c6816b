/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's basic types.
 *
 * The __u8 .. __u64, __le16 .. __be64 and __kernel_* types come from the
 * system's uapi <linux/types.h>, which this header wraps (it also sets the
 * include guard).  The kernel-internal names are added here.
 *
 * Kernel code, the shims and the C library meet in the same translation
 * units, so a type that both the kernel and glibc name must be the same
 * type in both or the second definition does not compile.  Where they
 * differ on x86-64 glibc's choice is taken, as it has the same width:
 * dev_t is unsigned long (kernel: u32), loff_t is long (kernel: long long),
 * nlink_t is unsigned long (kernel: u32).  The fixed-width int64_t family
 * comes from <stdint.h> for the same reason.  u64 is unsigned long long as
 * in the kernel, so "%llu" is right for it.
 */
#ifndef _LINUX_TYPES_H
#include_next <linux/types.h>
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H
#endif

#include <linux/compiler_types.h>
#include <linux/stddef.h>

#include <stdint.h>

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned char unchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef __u8 u_int8_t;
typedef __u16 u_int16_t;
typedef __u32 u_int32_t;

typedef long ssize_t;
typedef long off_t;
typedef long loff_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long nlink_t;
typedef unsigned int mode_t;
typedef unsigned short umode_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef int clockid_t;
typedef long clock_t;
typedef int daddr_t;
typedef int key_t;
typedef long suseconds_t;
typedef char *caddr_t;

typedef u64 sector_t;
typedef unsigned long pgoff_t;

typedef u64 phys_addr_t;
typedef phys_addr_t resource_size_t;
typedef u64 dma_addr_t;
typedef unsigned long irq_hw_number_t;

typedef unsigned int __bitwise gfp_t;
typedef unsigned int __bitwise slab_flags_t;
typedef unsigned int __bitwise fmode_t;

/* Doubly linked lists (see <linux/list.h>). */
/* As in the kernel, the atomic types are plain structs defined here. */
typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long long counter;
} atomic64_t;

struct list_head {
	struct list_head *next, *prev;
};

/* Hash lists: a one-pointer head, nodes that point back at their link. */
struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

/* Deferred callbacks (RCU, task work). */
struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((__aligned__(sizeof(void *))));
#define rcu_head callback_head

typedef void (*rcu_callback_t)(struct rcu_head *head);

#endif /* _LINUX_TYPES_H */
