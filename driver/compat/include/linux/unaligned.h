/* SPDX-License-Identifier: GPL-2.0 */
/* Found only where the kernel lacks <linux/unaligned.h> (before 6.12). */
#ifndef _IGX_COMPAT_LINUX_UNALIGNED_H
#define _IGX_COMPAT_LINUX_UNALIGNED_H
#include <asm/unaligned.h>
#endif
