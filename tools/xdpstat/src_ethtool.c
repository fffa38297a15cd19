// SPDX-License-Identifier: GPL-2.0
/*
 * Counter source reading the kernel's ethtool interface (SIOCETHTOOL:
 * ETH_SS_STATS strings and ETHTOOL_GSTATS), plus the device totals from
 * /sys/class/net/IF/statistics under "dev.*" names.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include "source.h"

struct ethsrc {
	int fd;
	int n;				/* strings cached below */
	char (*strings)[ETH_GSTRING_LEN];
	struct ethtool_stats *stats;
	int no_stats;			/* driver has no ethtool -S */
};

static int eth_ioctl(struct source *src, void *cmd)
{
	struct ethsrc *e = src->priv;
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%.*s", IFNAMSIZ - 1,
		 src->ifname);
	ifr.ifr_data = cmd;
	if (ioctl(e->fd, SIOCETHTOOL, &ifr) < 0)
		return -errno;
	return 0;
}

/* The name may now belong to another device (deleted and re-created). */
static int still_there(struct source *src)
{
	unsigned int idx = if_nametoindex(src->ifname);

	return idx && (int)idx == src->ifindex;
}

static int stats_count(struct source *src)
{
	struct {
		struct ethtool_sset_info hdr;
		__u32 buf[1];
	} sset = { .hdr = { .cmd = ETHTOOL_GSSET_INFO,
			    .sset_mask = 1ULL << ETH_SS_STATS } };
	int err;

	err = eth_ioctl(src, &sset);
	if (err)
		return err;
	if (!(sset.hdr.sset_mask & (1ULL << ETH_SS_STATS)))
		return 0;
	return (int)sset.buf[0];
}

static int load_strings(struct source *src, int n)
{
	struct ethsrc *e = src->priv;
	struct ethtool_gstrings *gs;
	int err;

	gs = calloc(1, sizeof(*gs) + (size_t)n * ETH_GSTRING_LEN);
	if (!gs)
		return -ENOMEM;
	gs->cmd = ETHTOOL_GSTRINGS;
	gs->string_set = ETH_SS_STATS;
	gs->len = n;
	err = eth_ioctl(src, gs);
	/* The kernel answers len 0 when the count changed meanwhile. */
	if (!err && (int)gs->len != n)
		err = -EAGAIN;
	if (err) {
		free(gs);
		return err;
	}
	free(e->strings);
	free(e->stats);
	e->strings = malloc((size_t)n * ETH_GSTRING_LEN);
	e->stats = calloc(1, sizeof(*e->stats) + (size_t)n * sizeof(__u64));
	if (!e->strings || !e->stats) {
		free(gs);
		e->n = 0;
		return -ENOMEM;
	}
	memcpy(e->strings, gs->data, (size_t)n * ETH_GSTRING_LEN);
	free(gs);
	e->n = n;
	return 0;
}

static int read_stats(struct source *src, struct snapshot *snap)
{
	struct ethsrc *e = src->priv;
	char name[ETH_GSTRING_LEN + 1];
	int tries, n, i, err;

	for (tries = 0; tries < 5; tries++) {
		n = stats_count(src);
		if (n < 0)
			return n;
		if (n == 0) {
			e->no_stats = 1;
			return 0;
		}
		if (n != e->n) {
			err = load_strings(src, n);
			if (err == -EAGAIN)
				continue;
			if (err)
				return err;
		}
		e->stats->cmd = ETHTOOL_GSTATS;
		e->stats->n_stats = n;
		err = eth_ioctl(src, e->stats);
		if (err)
			return err;
		if ((int)e->stats->n_stats != n) {
			e->n = 0;	/* queue count changed: reload */
			continue;
		}
		for (i = 0; i < n; i++) {
			memcpy(name, e->strings[i], ETH_GSTRING_LEN);
			name[ETH_GSTRING_LEN] = '\0';
			err = snapshot_add(snap, name, e->stats->data[i]);
			if (err)
				return err;
		}
		return 0;
	}
	return -EAGAIN;
}

static const char *const dev_stats[] = {
	"rx_packets", "rx_bytes", "tx_packets", "tx_bytes",
	"rx_errors", "tx_errors", "rx_dropped", "tx_dropped",
};

static int read_sysfs_u64(const char *path, uint64_t *v)
{
	char buf[32];
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -EIO;
	buf[len] = '\0';
	*v = strtoull(buf, NULL, 10);
	return 0;
}

/*
 * sysfs shows the network namespace it was mounted in, which need not be
 * ours: use it only when its ifindex agrees with the ioctl's view.
 */
static void read_dev_stats(struct source *src, struct snapshot *snap)
{
	char path[128], name[64];
	uint64_t v;
	size_t i;

	snprintf(path, sizeof(path), "/sys/class/net/%s/ifindex", src->ifname);
	if (read_sysfs_u64(path, &v) || (int)v != src->ifindex)
		return;
	for (i = 0; i < sizeof(dev_stats) / sizeof(dev_stats[0]); i++) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s",
			 src->ifname, dev_stats[i]);
		if (read_sysfs_u64(path, &v))
			continue;
		snprintf(name, sizeof(name), "dev.%s", dev_stats[i]);
		snapshot_add(snap, name, v);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int eth_read(struct source *src, struct snapshot *snap)
{
	int err;

	snap->n = 0;
	if (!still_there(src))
		return -ENODEV;
	err = read_stats(src, snap);
	if (err == -ENODEV || err == -ENXIO)
		return -ENODEV;
	if (err == -EOPNOTSUPP)
		err = 0;	/* no ethtool -S: device totals only */
	if (err)
		return err;
	snap->t = now();
	read_dev_stats(src, snap);
	/* Removed while we were reading: do not report half a snapshot. */
	if (!still_there(src))
		return -ENODEV;
	return 0;
}

static void eth_close(struct source *src)
{
	struct ethsrc *e = src->priv;

	if (!e)
		return;
	close(e->fd);
	free(e->strings);
	free(e->stats);
	free(e);
	src->priv = NULL;
}

static const struct source_ops ethtool_ops = {
	.read = eth_read,
	.close = eth_close,
};

int source_open_ethtool(struct source *src, const char *ifname)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ethsrc *e;
	int err;

	if (strlen(ifname) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (e->fd < 0) {
		err = -errno;
		free(e);
		return err;
	}
	src->ops = &ethtool_ops;
	src->kind = "ethtool";
	src->priv = e;
	snprintf(src->ifname, sizeof(src->ifname), "%s", ifname);
	src->ifindex = (int)if_nametoindex(ifname);
	if (!src->ifindex) {
		eth_close(src);
		return -ENODEV;
	}
	err = eth_ioctl(src, &info);
	if (err == -EOPNOTSUPP) {
		snprintf(src->driver, sizeof(src->driver), "unknown");
	} else if (err) {
		eth_close(src);
		return err;
	} else {
		snprintf(src->driver, sizeof(src->driver), "%s", info.driver);
	}
	return 0;
}
