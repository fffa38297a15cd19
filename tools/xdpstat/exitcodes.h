/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_EXITCODES_H
#define XDPSTAT_EXITCODES_H

/* Documented in xdpstat.8; scripts and the selftests rely on them. */
#define EXIT_OK		0
#define EXIT_ERROR	1
#define EXIT_USAGE	2
#define EXIT_GONE	3	/* a monitored interface disappeared */
#define EXIT_PERM	4	/* permission denied */

#endif
