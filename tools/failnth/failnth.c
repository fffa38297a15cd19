// SPDX-License-Identifier: GPL-2.0
/* LD_PRELOAD helper of selftests/drivers/net/igx/alloc_fail.sh: arms
 * /proc/thread-self/fail-nth with $IGX_FAIL_NTH once the program and its
 * libraries are loaded, so that the Nth kernel allocation falls in what the
 * program asks of the kernel (the request under test), not in its exec.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void failnth_arm(void)
{
	const char *n = getenv("IGX_FAIL_NTH");
	int fd;

	if (!n || !*n)
		return;
	fd = open("/proc/thread-self/fail-nth", O_WRONLY);
	/* the close after the write is the only syscall counted here */
	if (fd < 0 || write(fd, n, strlen(n)) != (ssize_t)strlen(n)) {
		perror("failnth: /proc/thread-self/fail-nth");
		_exit(125);
	}
	close(fd);
}
