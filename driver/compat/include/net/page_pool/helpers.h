/* SPDX-License-Identifier: GPL-2.0 */
/* Found only where the kernel lacks <net/page_pool/helpers.h> (before 6.6). */
#ifndef _IGX_COMPAT_NET_PAGE_POOL_HELPERS_H
#define _IGX_COMPAT_NET_PAGE_POOL_HELPERS_H
#include <net/page_pool.h>
#endif
