/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Symbol exports.  Everything is linked into one program, so exporting
 * does nothing; the macros still check that the symbol is declared.
 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#include <linux/compiler.h>
#include <linux/stringify.h>

#define __SIM_EXPORT(sym)	extern typeof(sym) sym

#define EXPORT_SYMBOL(sym)		__SIM_EXPORT(sym)
#define EXPORT_SYMBOL_GPL(sym)		__SIM_EXPORT(sym)
#define EXPORT_SYMBOL_NS(sym, ns)	__SIM_EXPORT(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	__SIM_EXPORT(sym)
#define EXPORT_SYMBOL_GPL_FOR_MODULES(sym, mods) __SIM_EXPORT(sym)

#endif /* _LINUX_EXPORT_H */
