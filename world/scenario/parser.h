/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scenario parser's internals: its cursor over one line, the tokens
 * (lexer.c: names, words, strings with ${VAR} references, integers), its
 * one-line errors, and what parse.c and parse_op.c share.  An error
 * longjmps out of the parse: everything allocated so far hangs off the
 * scenario, which the caller frees.
 */
#ifndef _WORLD_SCENARIO_PARSER_H
#define _WORLD_SCENARIO_PARSER_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

struct parser {
	struct sim_scenario *s;
	const char *file;
	const char *text, *end;
	int line;
	const char *lp, *le;	/* the current line, without its newline */
	const char *p;		/* the cursor */
	const char *tok_end;	/* the end of the last token read */
	char *err;
	size_t errlen;
	jmp_buf jb;

	const char *target_name;	/* from the command line, or NULL */
	int target_line;		/* the file's target line */
	bool seen_other;		/* a line other than target */
	int exit_line[SCN_MAX_THREADS];	/* the thread's exit, or 0 */
	int nops_cap;
};

/* Report "FILE:LINE:COL: error: ..." with COL that of @at; never returns. */
void scn_error(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
/* "expected WHAT, found X" at @at. */
void scn_expected(struct parser *ps, const char *at, const char *what)
	__attribute__((noreturn));
/* 'token' at @at (quoted, escaped, shortened) or "end of line". */
const char *scn_found(struct parser *ps, const char *at, char *buf,
		      size_t len);
/* @s (of @len bytes) quoted for a message. */
void scn_quote(const char *s, size_t len, char *buf, size_t buflen);

void *scn_alloc(struct parser *ps, size_t size);
char *scn_strndup(struct parser *ps, const char *s, size_t len);

/* Skip blanks and a comment; true at the end of the line. */
bool scn_eol(struct parser *ps);
static inline bool scn_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * A name [A-Za-z_][A-Za-z0-9_]*, ending at a blank, the end of the line
 * or one of @stops; @what says what was expected.  Returns its length;
 * *start points at it.
 */
size_t scn_name(struct parser *ps, const char *what, const char *stops,
		const char **start);
/* Whether a name of that form starts at the cursor (blanks skipped). */
bool scn_peek_name(struct parser *ps, const char **start, size_t *len);
/* A run of non-blank characters (at least one), or the error. */
size_t scn_word(struct parser *ps, const char *what, const char **start);
/* The word at the cursor equals @kw (not consumed); blanks skipped. */
bool scn_peek_word(struct parser *ps, const char *kw);

/*
 * Text: a "string" (escapes \n \t \r \\ \" \$ \xHH), or with @bare a word;
 * both may hold ${VAR}.  @what is used in the error when neither starts
 * at the cursor.  @stop_bar ends a bare word at '|' too.
 */
void scn_text(struct parser *ps, const char *what, bool bare,
	      bool stop_bar, struct scn_text *t);
/* An integer (decimal, 0x hex, optional '-'), ending like a name. */
bool scn_peek_number(struct parser *ps);
long scn_number(struct parser *ps, const char *what, const char *stops);

/* The variable named at @at (@len bytes); "undefined variable" if none. */
int scn_var_ref(struct parser *ps, const char *at, size_t len);

#define ARRAY_LEN(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* parse.c */
bool scn_word_is(const char *w, size_t len, const char *s);
/* CAP[,CAP...] (CAP_ prefix optional): a mask of 1ull << CAP_*. */
uint64_t scn_parse_caps(struct parser *ps);
/* "'NAME' is a reserved word" for target, device, proc, thread, expect. */
void scn_check_not_reserved(struct parser *ps, const char *at, size_t len);
void scn_expect_eol(struct parser *ps);
int scn_find_proc(const struct sim_scenario *s, const char *name,
		  size_t len);
int scn_find_thread(const struct sim_scenario *s, const char *name,
		    size_t len);
int scn_find_device(const struct sim_scenario *s, const char *name,
		    size_t len);
/* The target: the command line's, the file's, or the default. */
const struct sim_target *scn_target(struct parser *ps);

/*
 * condition.c: "linux OP VERSION" or "[!]CONFIG_NAME" at the cursor, up
 * to @stop (a character or 0 for the end of the line).
 */
void scn_parse_cond(struct parser *ps, char stop,
			    struct scn_cond *c);

/* parse_op.c: the rest of an operation line, after "THREAD:". */
void scn_parse_op_line(struct parser *ps, const char *tname, size_t tlen);

#endif /* _WORLD_SCENARIO_PARSER_H */
