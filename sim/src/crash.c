// SPDX-License-Identifier: GPL-2.0-only
/*
 * Crash isolation helpers: forking a child with the crash handlers from
 * before main(), capturing its stderr, and making a short, stable title
 * (no pids or addresses) from a sanitizer report or a signal.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine.h"

/* The frame a report should name: the first outside the engine and shims. */
static const char *interesting_frame(const char *report)
{
	const char *first = NULL;

	for (const char *p = strstr(report, "    #"); p;
	     p = strstr(p + 1, "\n    #")) {
		const char *in = strstr(p, " in ");
		size_t len = strcspn(p + 1, "\n");

		if (!in || in > p + len)
			continue;
		if (!first)
			first = in + 4;
		if (!memmem(p, len, "/sim/src/", 9) &&
		    !memmem(p, len, "/shims/", 7) &&
		    !memmem(p, len, "/mocks/", 7) &&
		    !memmem(p, len, "libsanitizer", 12))
			return in + 4;
	}
	return first;
}

/*
 * The title of a crash: the sanitizer's error line without the run-
 * dependent parts (pid, addresses), or the signal.
 */
void sim_crash_title(const char *text, int status, struct sim_failure *f)
{
	const char *keys[] = { "ERROR: AddressSanitizer: ",
			       "ERROR: LeakSanitizer: ",
			       "ERROR: UndefinedBehaviorSanitizer: ",
			       "runtime error: " };
	const char *frame;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *p = strstr(text, keys[i]);
		int len;

		if (!p)
			continue;
		if (i < 3) {
			p += strlen("ERROR: ");
			/* "AddressSanitizer: heap-use-after-free" */
			len = (int)strcspn(p, "\n");
			for (int j = 0; j < len; j++) {
				if (!strncmp(p + j, " on address", 11) ||
				    !strncmp(p + j, " on unknown", 11) ||
				    !strncmp(p + j, " (pc ", 5)) {
					len = j;
					break;
				}
			}
			snprintf(f->title, sizeof(f->title), "%.*s", len, p);
			frame = interesting_frame(p);
			if (frame) {
				int flen = (int)strcspn(frame, " \n");

				/* a bare SEGV says nothing: name the code */
				if (!strcmp(f->title, "AddressSanitizer: SEGV"))
					snprintf(f->title + len,
						 sizeof(f->title) - len,
						 " in %.*s", flen, frame);
				len = (int)strcspn(frame, "\n");
				snprintf(f->where, sizeof(f->where), "%.*s",
					 len, frame);
			}
		} else {
			/* UBSan: "file:line:col: runtime error: msg" */
			const char *bol = p;

			while (bol > text && bol[-1] != '\n')
				bol--;
			len = (int)strcspn(p, "\n");
			snprintf(f->title, sizeof(f->title), "UBSan: %.*s",
				 len - 15, p + 15);
			snprintf(f->where, sizeof(f->where), "%.*s",
				 (int)(p - bol) - 2, bol);
		}
		return;
	}
	if (WIFSIGNALED(status))
		snprintf(f->title, sizeof(f->title), "killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(f->title, sizeof(f->title),
			 "process exited with status %d during an execution",
			 WEXITSTATUS(status));
}

/* Empty the captured stderr; the offset is shared with the children. */
void sim_clear_text(int fd)
{
	if (ftruncate(fd, 0) == 0)
		lseek(fd, 0, SEEK_SET);
}

void sim_read_tail(int fd, char *buf, size_t len)
{
	off_t size = lseek(fd, 0, SEEK_END);
	off_t from = size > (off_t)len - 1 ? size - (off_t)len + 1 : 0;
	ssize_t n = pread(fd, buf, len - 1, from);

	buf[n > 0 ? n : 0] = 0;
	sim_clear_text(fd);
}

/*
 * The crash signals' handlers as they were before main(): the sanitizers'
 * or the defaults.  A test framework may install its own later (cmocka
 * longjmps out of a SIGSEGV); an isolated child must die of the signal
 * instead, so it gets these back.
 */
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
				     SIGABRT, SIGSYS, SIGTRAP };
static struct sigaction initial_handlers[sizeof(crash_signals) /
					 sizeof(crash_signals[0])];

static void __attribute__((constructor)) save_crash_handlers(void)
{
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(int); i++)
		sigaction(crash_signals[i], NULL, &initial_handlers[i]);
}

pid_t sim_spawn(int err_fd, int *progress_fd)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		for (size_t i = 0; i < sizeof(crash_signals) / sizeof(int);
		     i++)
			sigaction(crash_signals[i], &initial_handlers[i], NULL);
		if (*progress_fd >= 0)
			*progress_fd = dup(*progress_fd);
		if (err_fd >= 0)
			dup2(err_fd, STDERR_FILENO);
	}
	return pid;
}
