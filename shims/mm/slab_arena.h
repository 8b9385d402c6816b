/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The slab shim's memory without ASan: one mapping, carved in order, never
 * reused within an execution, emptied at its end.  The N-th object of an
 * execution lies at the same address in every execution that allocated
 * the same sizes before it.
 */
#ifndef _SHIMS_SLAB_ARENA_H
#define _SHIMS_SLAB_ARENA_H

#include <stddef.h>

/* @bytes at a 16-byte boundary; NULL when the arena is used up. */
void *slab_arena_alloc(size_t bytes);
/* Every object gone: the next allocation is at the arena's start again. */
void slab_arena_reset(void);
/* Into the set-up snapshot: what is carved so far, and where. */
void slab_arena_keep(void);

#endif /* _SHIMS_SLAB_ARENA_H */
