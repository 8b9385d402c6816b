/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Values written into dead objects so that a later use shows.  The list
 * poisons are non-canonical addresses on x86-64: dereferencing one faults
 * (the engine reports a crash) instead of reading memory.
 */
#ifndef _LINUX_POISON_H
#define _LINUX_POISON_H

/* x86-64's CONFIG_ILLEGAL_POINTER_VALUE. */
#define POISON_POINTER_DELTA	0xdead000000000000UL

/* What list_del() leaves in ->next and ->prev. */
#define LIST_POISON1	((void *)(0x100 + POISON_POINTER_DELTA))
#define LIST_POISON2	((void *)(0x122 + POISON_POINTER_DELTA))

/* Timers that were never set up. */
#define TIMER_ENTRY_STATIC	((void *)(0x300 + POISON_POINTER_DELTA))

/* Bytes of slab objects: in use, freed, end marker; red zones. */
#define POISON_INUSE		0x5a
#define POISON_FREE		0x6b
#define POISON_END		0xa5
#define SLUB_RED_INACTIVE	0xbb
#define SLUB_RED_ACTIVE		0xcc
#define POISON_FREE_INITMEM	0xcc
#define PAGE_POISON		0xaa

#define MUTEX_DEBUG_INIT	0x11
#define MUTEX_DEBUG_FREE	0x22

#endif /* _LINUX_POISON_H */
