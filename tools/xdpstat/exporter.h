/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_EXPORTER_H
#define XDPSTAT_EXPORTER_H

#include "http.h"
#include "iface.h"

/* Where the metrics of each sample go: an HTTP server, a textfile, both. */
struct exporter {
	struct http_server *http;	/* NULL: no --listen */
	const char *textfile;		/* NULL: no --textfile */
	int textfile_err;		/* last write's -errno, to warn once */
};

/*
 * Publishes the metrics of the last sample. Returns 0, or -errno when the
 * textfile could not be written (the message is printed; the HTTP side
 * cannot fail but for memory).
 */
int exporter_publish(struct exporter *x, struct iface *const *ifcs, int n,
		     double wall);

#endif
