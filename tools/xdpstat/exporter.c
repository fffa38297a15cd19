// SPDX-License-Identifier: GPL-2.0
/*
 * Metrics rendered once per sample, for the HTTP server and for
 * node_exporter's textfile collector.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exporter.h"
#include "metrics.h"

static int render(struct iface *const *ifcs, int n, double wall, int om,
		  char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		return -errno;
	metrics_write(f, ifcs, n, wall, om);
	if (fclose(f))
		return -ENOMEM;
	return 0;
}

/*
 * The collector may read the file at any moment: it sees the old or the new
 * one whole, never a half-written one (rename within the directory).
 */
static int write_textfile(const char *path, const char *text, size_t len)
{
	char tmp[4096];
	FILE *f;
	int err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	if (fwrite(text, 1, len, f) != len || fflush(f) || fsync(fileno(f)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

int exporter_publish(struct exporter *x, struct iface *const *ifcs, int n,
		     double wall)
{
	char *text = NULL, *om = NULL;
	size_t text_len, om_len;
	int err;

	err = render(ifcs, n, wall, 0, &text, &text_len);
	if (!err && x->http)
		err = render(ifcs, n, wall, 1, &om, &om_len);
	if (err) {
		fprintf(stderr, "xdpstat: cannot render metrics: %s\n",
			strerror(-err));
		goto out;
	}
	if (x->http && http_set_body(x->http, text, text_len, om, om_len)) {
		err = -ENOMEM;
		fprintf(stderr, "xdpstat: cannot render metrics: %s\n",
			strerror(ENOMEM));
		goto out;
	}
	if (x->textfile) {
		err = write_textfile(x->textfile, text, text_len);
		/* a full disk must not flood the log: say it when it changes */
		if (err && err != x->textfile_err)
			fprintf(stderr, "xdpstat: cannot write %s: %s\n",
				x->textfile, strerror(-err));
		else if (!err && x->textfile_err)
			fprintf(stderr, "xdpstat: %s written again\n",
				x->textfile);
		x->textfile_err = err;
	}
out:
	free(text);
	free(om);
	return err;
}
