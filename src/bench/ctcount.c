/*
 * ctcount: the kernel-pace reference reader of the benchmark harness (src/bench/run).
 *
 * Listens to conntrack NEW, UPDATE and DESTROY events the way conntrackd does (a large forced
 * receive buffer and NETLINK_NO_ENOBUFS, so an overrun drops only what did not fit), decodes
 * nothing beyond the netlink header and counts. What it cannot keep up with, nothing can: it
 * is the yardstick for the other readers, and received + dropped is what the kernel emitted.
 *
 *   ctcount [-b RCVBUF_BYTES] [-T MAX_SECONDS]
 *
 * Prints "listening" once subscribed, and on SIGINT/SIGTERM (or after MAX_SECONDS, default 600)
 * one line: events by type, kernel drops (SO_MEMINFO), and the seconds from the first event to the
 * last, from the first NEW event to the last and from the first DESTROY event to the last.
 * Build: gcc -O2 -o ctcount ctcount.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_NO_ENOBUFS
#define NETLINK_NO_ENOBUFS 5
#endif
#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int open_socket(int rcvbuf)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER), one = 1;
	if (fd < 0) {
		perror("socket(NETLINK_NETFILTER)");
		exit(1);
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof(one));
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	local.nl_groups = NF_NETLINK_CONNTRACK_NEW | NF_NETLINK_CONNTRACK_UPDATE | NF_NETLINK_CONNTRACK_DESTROY;
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		perror("bind");
		exit(1);
	}
	return fd;
}

static unsigned long kernel_drops(int fd)
{
	unsigned int meminfo[SK_MEMINFO_VARS] = { 0 };
	socklen_t len = sizeof(meminfo);
	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, meminfo, &len) < 0 || len <= SK_MEMINFO_DROPS * sizeof(int))
		return 0;
	return meminfo[SK_MEMINFO_DROPS];
}

int main(int argc, char **argv)
{
	int rcvbuf = 32 << 20, c;
	double max_seconds = 600;
	while ((c = getopt(argc, argv, "b:T:")) != -1) {
		switch (c) {
		case 'b': rcvbuf = atoi(optarg); break;
		case 'T': max_seconds = atof(optarg); break;
		default:
			fprintf(stderr, "usage: ctcount [-b RCVBUF_BYTES] [-T MAX_SECONDS]\n");
			return 2;
		}
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int fd = open_socket(rcvbuf);
	printf("listening\n");
	fflush(stdout);

	static char buffer[1 << 16];
	unsigned long created = 0, updated = 0, destroyed = 0, other = 0;
	double started = monotonic(), first = 0, last = 0, first_new = 0, last_new = 0, first_destroy = 0, last_destroy = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	while (!stopping && monotonic() - started < max_seconds) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		ssize_t n;
		while ((n = recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT)) > 0) {
			last = monotonic();
			if (first == 0)
				first = last;
			int left = (int)n;
			for (struct nlmsghdr *h = (struct nlmsghdr *)buffer; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
				int type = NFNL_MSG_TYPE(h->nlmsg_type);
				if (type == IPCTNL_MSG_CT_DELETE) {
					destroyed++;
					last_destroy = last;
					if (first_destroy == 0)
						first_destroy = last;
				}
				else if (type == IPCTNL_MSG_CT_NEW && (h->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL))) {
					created++;
					last_new = last;
					if (first_new == 0)
						first_new = last;
				}
				else if (type == IPCTNL_MSG_CT_NEW)
					updated++;
				else
					other++;
			}
		}
	}
	printf("ctcount events=%lu new=%lu update=%lu destroy=%lu other=%lu drops=%lu span=%.3f new_span=%.6f"
	       " destroy_span=%.6f\n", created + updated + destroyed, created, updated, destroyed, other,
	       kernel_drops(fd), last > first ? last - first : 0, last_new - first_new, last_destroy - first_destroy);
	return 0;
}
