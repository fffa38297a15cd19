// SPDX-License-Identifier: GPL-2.0
/* Counter source that replays recorded snapshot files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "source.h"

struct replay {
	char **files;
	int n;
	int next;
};

static int replay_read(struct source *src, struct snapshot *snap)
{
	struct replay *r = src->priv;
	char driver[32] = "";
	int err;

	if (r->next >= r->n)
		return -ENODATA;
	err = snapshot_load(r->files[r->next], snap, driver, sizeof(driver));
	if (err)
		return err;
	/* Files without "# time:" are one second apart. */
	if (!snap->t)
		snap->t = r->next;
	if (driver[0])
		snprintf(src->driver, sizeof(src->driver), "%s", driver);
	r->next++;
	return 0;
}

static void replay_close(struct source *src)
{
	free(src->priv);
	src->priv = NULL;
}

static const struct source_ops replay_ops = {
	.read = replay_read,
	.close = replay_close,
};

int source_open_replay(struct source *src, const char *label,
		       char **files, int n)
{
	struct replay *r;
	struct snapshot s = { 0 };
	int err;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->files = files;
	r->n = n;
	src->ops = &replay_ops;
	src->kind = "replay";
	src->priv = r;
	src->ifindex = 0;
	snprintf(src->ifname, sizeof(src->ifname), "%s", label);
	src->driver[0] = '\0';
	/* Learn the driver before the first read so the naming is known. */
	if (n > 0) {
		err = snapshot_load(files[0], &s, src->driver,
				    sizeof(src->driver));
		snapshot_free(&s);
		if (err) {
			free(r);
			return err;
		}
	}
	return 0;
}
