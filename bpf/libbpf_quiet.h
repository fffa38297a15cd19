/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libbpf's message callback for the user-space programs that load this
 * directory's objects.
 */
#ifndef IGX_LIBBPF_QUIET_H
#define IGX_LIBBPF_QUIET_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

/*
 * libbpf warns about sections it does not know; libxdp's run-config and
 * metadata sections are meant for libxdp, so that warning is noise here.
 */
static inline int libbpf_print_quiet(enum libbpf_print_level level,
				     const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || strstr(fmt, "unrecognized data section"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

#endif /* IGX_LIBBPF_QUIET_H */
