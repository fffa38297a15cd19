// SPDX-License-Identifier: GPL-2.0
/* Attached XDP program and xdp-features of an interface, via libbpf. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <linux/netdev.h>

#include "xdpinfo.h"

static const char *mode_name(uint8_t attach_mode)
{
	switch (attach_mode) {
	case XDP_ATTACHED_DRV:
		return "native";
	case XDP_ATTACHED_SKB:
		return "generic";
	case XDP_ATTACHED_HW:
		return "offload";
	case XDP_ATTACHED_MULTI:
		return "multi";
	default:
		return "none";
	}
}

/* Names need CAP_SYS_ADMIN (bpf_prog_get_fd_by_id); ids do not. */
static int prog_name(uint32_t id, char *name, size_t len)
{
	struct bpf_prog_info pinfo;
	uint32_t plen = sizeof(pinfo);
	int fd, err = 0;

	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	memset(&pinfo, 0, sizeof(pinfo));
	if (bpf_prog_get_info_by_fd(fd, &pinfo, &plen))
		err = -errno;
	else
		snprintf(name, len, "%s", pinfo.name);
	close(fd);
	return err;
}

int xdpinfo_query(int ifindex, struct xdpinfo *info)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, opts);
	uint32_t old_id = info->prog_id;
	char old_name[sizeof(info->prog_name)];
	int err;

	memcpy(old_name, info->prog_name, sizeof(old_name));
	info->valid = 0;
	err = bpf_xdp_query(ifindex, 0, &opts);
	if (err)
		return err < 0 ? err : -EIO;
	info->valid = 1;
	info->features = opts.feature_flags;
	info->mode = mode_name(opts.attach_mode);
	info->prog_id = opts.prog_id;
	if (opts.attach_mode == XDP_ATTACHED_MULTI)
		info->prog_id = opts.drv_prog_id ? opts.drv_prog_id :
				opts.hw_prog_id ? opts.hw_prog_id :
				opts.skb_prog_id;
	if (!info->prog_id) {
		info->prog_name[0] = '\0';
		info->name_err = 0;
		return 0;
	}
	/* The name only changes with the id; ask the kernel once. */
	if (info->prog_id == old_id && (old_name[0] || info->name_err))
		return 0;
	info->prog_name[0] = '\0';
	info->name_err = prog_name(info->prog_id, info->prog_name,
				   sizeof(info->prog_name));
	return 0;
}

static const struct {
	uint64_t bit;
	const char *name;
} feature_names[] = {
	{ NETDEV_XDP_ACT_BASIC, "basic" },
	{ NETDEV_XDP_ACT_REDIRECT, "redirect" },
	{ NETDEV_XDP_ACT_NDO_XMIT, "ndo-xmit" },
	{ NETDEV_XDP_ACT_XSK_ZEROCOPY, "xsk-zerocopy" },
	{ NETDEV_XDP_ACT_HW_OFFLOAD, "hw-offload" },
	{ NETDEV_XDP_ACT_RX_SG, "rx-sg" },
	{ NETDEV_XDP_ACT_NDO_XMIT_SG, "ndo-xmit-sg" },
};

char *xdp_features_str(uint64_t features, const char *sep, int quoted,
		       char *buf, size_t len)
{
	size_t i, off = 0;
	const char *q = quoted ? "\"" : "";
	int n;

	buf[0] = '\0';
	for (i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++) {
		if (!(features & feature_names[i].bit))
			continue;
		n = snprintf(buf + off, len - off, "%s%s%s%s",
			     off ? sep : "", q, feature_names[i].name, q);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += n;
	}
	return buf;
}
