/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time in the simulation passes only when every thread is blocked: a timed
 * wait then times out.  jiffies is a constant; timeouts are opaque tokens.
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#define HZ			1000
#define MAX_SCHEDULE_TIMEOUT	0x7fffffffffffffffL
#define jiffies			(0UL)

static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return m ? m : 1;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)j;
}

#endif /* _LINUX_JIFFIES_H */
