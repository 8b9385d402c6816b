// SPDX-License-Identifier: GPL-2.0-only
/*
 * Schedule strings: the choices made at every decision up to the last one
 * that differs from the default (non-preemptive, round robin) choice, run-
 * length encoded.  "0:3,1,0:2" means: T0 at three decisions, T1 at one, T0
 * at two, then default choices.  A prefix "f<N>/" fails the Nth allocation.
 * The empty string is the default schedule.  Shell-safe by construction.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int sim_schedule_format(const struct sim_path *path, char *buf, size_t len,
			int *preemptions)
{
	size_t off = 0;
	int last = -1, pre = 0;
	uint32_t i;

	buf[0] = 0;
	for (i = 0; i < path->len; i++) {
		const struct sim_decision *d = &path->d[i];

		pre += sim_choice_cost(d, d->choice);
		if (d->choice != sim_default_choice(d))
			last = (int)i;
	}
	if (preemptions)
		*preemptions = pre;
	if (path->fail_nth)
		off += snprintf(buf + off, len - off, "f%d/", path->fail_nth);
	for (i = 0; (int)i <= last; ) {
		uint32_t j = i;
		int n;

		while ((int)j <= last && path->d[j].choice == path->d[i].choice)
			j++;
		if (j - i > 1)
			n = snprintf(buf + off, len - off, "%s%d:%u",
				     i ? "," : "", path->d[i].choice, j - i);
		else
			n = snprintf(buf + off, len - off, "%s%d",
				     i ? "," : "", path->d[i].choice);
		if (n < 0 || (size_t)n >= len - off)
			return -1;
		off += n;
		i = j;
	}
	return 0;
}

static int parse_uint(const char **sp, unsigned long *v)
{
	const char *s = *sp;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	*v = strtoul(s, &end, 10);
	*sp = end;
	return 0;
}

int sim_schedule_parse(const char *s, struct sim_path *path, char *err,
		       size_t errlen)
{
	const char *start = s;
	unsigned long v, n;

	path->len = 0;
	path->prefix = 0;
	path->fail_nth = 0;
	if (*s == 'f') {
		s++;
		if (parse_uint(&s, &v) || *s != '/' || v == 0 ||
		    v > 1000000) {
			snprintf(err, errlen,
				 "schedule \"%s\", column %d: expected "
				 "f<N>/ with N >= 1", start,
				 (int)(s - start) + 1);
			return -1;
		}
		path->fail_nth = (int)v;
		s++;
	}
	while (*s) {
		if (parse_uint(&s, &v) || v >= SIM_MAX_THREADS) {
			snprintf(err, errlen,
				 "schedule \"%s\", column %d: expected a "
				 "thread number below %d", start,
				 (int)(s - start) + 1, SIM_MAX_THREADS);
			return -1;
		}
		n = 1;
		if (*s == ':') {
			s++;
			if (parse_uint(&s, &n) || n == 0) {
				snprintf(err, errlen,
					 "schedule \"%s\", column %d: "
					 "expected a repeat count >= 1",
					 start, (int)(s - start) + 1);
				return -1;
			}
		}
		if (n > path->cap - path->prefix) {
			snprintf(err, errlen,
				 "schedule \"%s\": more than %u decisions",
				 start, path->cap);
			return -1;
		}
		while (n--) {
			struct sim_decision *d = &path->d[path->prefix++];

			memset(d, 0, sizeof(*d));
			d->choice = (int8_t)v;
		}
		if (*s == ',') {
			s++;
			if (!*s) {
				snprintf(err, errlen,
					 "schedule \"%s\", column %d: "
					 "trailing ','", start,
					 (int)(s - start));
				return -1;
			}
		} else if (*s) {
			snprintf(err, errlen,
				 "schedule \"%s\", column %d: unexpected "
				 "'%c'", start, (int)(s - start) + 1, *s);
			return -1;
		}
	}
	return 0;
}
