// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module parameters (kernel/params.c): the registry of <linux/moduleparam.h>
 * and the kernel's parsing of "name=value".
 *
 * The entries are in the section sim_modparams of whatever objects define
 * parameters; the linker bounds it with __start_ and __stop_ symbols,
 * weak here so that a program without any parameter links (both NULL).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>

extern const struct sim_modparam __start_sim_modparams[]
	__attribute__((weak));
extern const struct sim_modparam __stop_sim_modparams[]
	__attribute__((weak));

static const char *const type_names[] = {
	[SIM_PARAM_bool] = "bool",	[SIM_PARAM_invbool] = "invbool",
	[SIM_PARAM_int] = "int",	[SIM_PARAM_uint] = "uint",
	[SIM_PARAM_long] = "long",	[SIM_PARAM_ulong] = "ulong",
	[SIM_PARAM_short] = "short",	[SIM_PARAM_ushort] = "ushort",
	[SIM_PARAM_byte] = "byte",	[SIM_PARAM_charp] = "charp",
	[SIM_PARAM_cb] = "callback",
};

const char *sim_param_type_name(enum sim_param_type type)
{
	if ((unsigned int)type >= sizeof(type_names) / sizeof(type_names[0]))
		return "?";
	return type_names[type];
}

const struct sim_modparam *sim_param_next(const struct module *mod,
					  const struct sim_modparam *prev)
{
	const struct sim_modparam *p = prev ? prev + 1 : __start_sim_modparams;

	if (!p)
		return NULL;
	for (; p < __stop_sim_modparams; p++)
		if (!mod || p->mod == mod)
			return p;
	return NULL;
}

const struct sim_modparam *sim_param_find(const struct module *mod,
					  const char *name)
{
	const struct sim_modparam *p = NULL;

	while ((p = sim_param_next(mod, p)))
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

/* --- the kernel's parsers (lib/kstrtox.c, kstrtobool) ------------------- */

/* kstrtobool: y/Y/1/on -> true, n/N/0/off -> false. */
static int parse_bool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

/*
 * A base-0 integer of the whole string (one trailing newline allowed, as
 * kstrto*), within [min, max]; unsigned types refuse a sign.
 */
static int parse_int(const char *s, bool is_signed, long long min,
		     unsigned long long max, long long *res)
{
	char *end;
	size_t len;

	if (!s || !*s)
		return -EINVAL;
	len = strlen(s);
	if (s[len - 1] == '\n')
		len--;
	errno = 0;
	if (is_signed) {
		long long v = strtoll(s, &end, 0);

		if (errno || end != s + len || end == s || v < min ||
		    (v > 0 && (unsigned long long)v > max))
			return -EINVAL;
		*res = v;
	} else {
		unsigned long long v;

		if (s[0] == '-' || s[0] == '+')
			return s[0] == '+' ? parse_int(s + 1, false, min, max,
						       res) : -EINVAL;
		v = strtoull(s, &end, 0);
		if (errno || end != s + len || end == s || v > max)
			return -EINVAL;
		*res = (long long)v;
	}
	return 0;
}

static int parse_value(enum sim_param_type type, const char *val,
		       long long *num, bool *b)
{
	switch (type) {
	case SIM_PARAM_bool:
	case SIM_PARAM_invbool:
		/* "name" alone sets a bool */
		if (!val)
			val = "1";
		return parse_bool(val, b);
	case SIM_PARAM_int:
		return parse_int(val, true, INT_MIN, INT_MAX, num);
	case SIM_PARAM_uint:
		return parse_int(val, false, 0, UINT_MAX, num);
	case SIM_PARAM_long:
		return parse_int(val, true, LONG_MIN, LONG_MAX, num);
	case SIM_PARAM_ulong:
		return parse_int(val, false, 0, ULONG_MAX, num);
	case SIM_PARAM_short:
		return parse_int(val, true, SHRT_MIN, SHRT_MAX, num);
	case SIM_PARAM_ushort:
		return parse_int(val, false, 0, USHRT_MAX, num);
	case SIM_PARAM_byte:
		return parse_int(val, false, 0, UCHAR_MAX, num);
	case SIM_PARAM_charp:
		/* param_set_charp: at most 1023 bytes */
		if (!val || strlen(val) > 1023)
			return -EINVAL;
		return 0;
	case SIM_PARAM_cb:
		return 0;
	}
	return -EINVAL;
}

int sim_param_check(const struct sim_modparam *p, const char *val)
{
	long long num;
	bool b;

	return parse_value(p->type, val, &num, &b);
}

int sim_param_set(const struct sim_modparam *p, const char *val)
{
	long long num = 0;
	bool b = false;
	int ret;

	if (p->type == SIM_PARAM_cb) {
		struct kernel_param kp = {
			.name = p->name,
			.mod = p->mod,
			.ops = p->ops,
			.arg = p->var,
		};

		if (!p->ops || !p->ops->set)
			return -EINVAL;
		ret = p->ops->set(val, &kp);
	} else {
		ret = parse_value(p->type, val, &num, &b);
		if (ret)
			return ret;
		switch (p->type) {
		case SIM_PARAM_bool:
			*(bool *)p->var = b;
			break;
		case SIM_PARAM_invbool:
			*(bool *)p->var = !b;
			break;
		case SIM_PARAM_int:
			*(int *)p->var = (int)num;
			break;
		case SIM_PARAM_uint:
			*(unsigned int *)p->var = (unsigned int)num;
			break;
		case SIM_PARAM_long:
			*(long *)p->var = (long)num;
			break;
		case SIM_PARAM_ulong:
			*(unsigned long *)p->var = (unsigned long)num;
			break;
		case SIM_PARAM_short:
			*(short *)p->var = (short)num;
			break;
		case SIM_PARAM_ushort:
			*(unsigned short *)p->var = (unsigned short)num;
			break;
		case SIM_PARAM_byte:
			*(unsigned char *)p->var = (unsigned char)num;
			break;
		case SIM_PARAM_charp:
			*(char **)p->var = (char *)val;
			break;
		case SIM_PARAM_cb:
			break;
		}
	}
	/* kernel/params.c param_check_unsafe() */
	if (!ret && p->unsafe)
		add_taint(TAINT_USER, LOCKDEP_STILL_OK);
	return ret;
}

/* --- kernel_param_ops helpers ------------------------------------------- */

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	bool b;

	if (parse_value(SIM_PARAM_bool, val, NULL, &b))
		return -EINVAL;
	*(bool *)kp->arg = b;
	return 0;
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

int param_set_int(const char *val, const struct kernel_param *kp)
{
	long long num;

	if (parse_value(SIM_PARAM_int, val, &num, NULL))
		return -EINVAL;
	*(int *)kp->arg = (int)num;
	return 0;
}

int param_get_int(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%i\n", *(int *)kp->arg);
}

int param_set_uint(const char *val, const struct kernel_param *kp)
{
	long long num;

	if (parse_value(SIM_PARAM_uint, val, &num, NULL))
		return -EINVAL;
	*(unsigned int *)kp->arg = (unsigned int)num;
	return 0;
}

int param_get_uint(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%u\n", *(unsigned int *)kp->arg);
}

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	if (!val || strlen(val) > 1023)
		return -ENOSPC;
	*(const char **)kp->arg = val;
	return 0;
}

int param_get_charp(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%s\n", *(char **)kp->arg ?: "(null)");
}
