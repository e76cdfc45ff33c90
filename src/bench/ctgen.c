/*
 * ctgen: a bounded generator of conntrack events for the benchmark harness (src/bench/run).
 *
 * Sends one UDP datagram per flow over loopback at a fixed rate, so that each flow gives the
 * kernel one new conntrack entry (a NEW event), and removes every entry again (a DESTROY event)
 * in one of two ways:
 *   -D LAG_MS    delete each flow's entry LAG_MS after creating it (one netlink request per flow,
 *                64 per system call): DESTROY events follow the NEW events at the same steady rate;
 *   -F FLUSH_MS  flush the whole table every FLUSH_MS, as `conntrack -F` does: the entries created
 *                since the last flush come back as one burst of DESTROY events. The last flush
 *                follows the last flow after -P PAUSE_MS (default 0): with a FLUSH_MS longer than
 *                the run and a pause, all flows come back as one burst, at the kernel's pace.
 * Either way the table is empty at the end, so a run emits exactly 2 x FLOWS events.
 *   -e           echo: the receiver answers each flow's datagram at once (as a UDP echo service
 *                would), so conntrack sees the reply and each flow also makes an UPDATE event:
 *                3 x FLOWS events.
 *
 *   ctgen -n FLOWS -r FLOWS_PER_SECOND (-D LAG_MS | -F FLUSH_MS [-P PAUSE_MS]) [-e] [-t MAX_SECONDS] [-p PORT]
 *
 * Safety: it refuses to run where any interface but lo exists (run it with `ip netns exec` in a
 * namespace of its own); it sends only from 127.16.0.0/12 to 127.0.0.1 and stops sending after
 * FLOWS flows or MAX_SECONDS (default 120, at most 600), whichever comes first.
 *
 * Flows never repeat within a run: flow i goes from address 127.16.0.1 + i / PORTS to destination
 * port PORT + i % PORTS, so each source address opens PORTS flows in a row (like a busy peer) and
 * a GeoIP cache sees few distinct addresses. Every destination port has a bound socket with a
 * tiny receive buffer, so the datagrams are dropped quietly instead of drawing ICMP errors.
 *
 * Output, one line on stdout: flows sent, send errors, deletions, flushes, seconds, flows/s.
 * Build: gcc -O2 -pthread -o ctgen ctgen.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PORTS 256                 /* destination ports, one bound socket each */
#define BATCH 64                  /* datagrams per sendmmsg(), deletions per send() */
#define MAX_FLOWS 20000000L
#define MAX_RATE 2000000.0
#define SOURCE_BASE 0x7f100001u   /* 127.16.0.1, in 127.16.0.0/12 */

struct options {
	long flows;
	double rate;
	double max_seconds;
	long delete_lag_ms;
	long flush_ms;
	long final_pause_ms;
	int port;
	int echo;
};

static struct options opt;
static double start;
static atomic_long sent;          /* flows sent so far, published to the remover */
static atomic_int sending = 1;
static long removals, removal_errors;
static int receivers[PORTS];      /* bound to 127.0.0.1:PORT+i; with -e they send the replies */

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void sleep_until(double when)
{
	double left = when - monotonic();
	if (left <= 0)
		return;
	struct timespec ts = { (time_t)left, (long)((left - (time_t)left) * 1e9) };
	nanosleep(&ts, NULL);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: ctgen -n FLOWS -r FLOWS_PER_SECOND (-D LAG_MS | -F FLUSH_MS [-P PAUSE_MS]) [-e]"
		" [-t MAX_SECONDS] [-p PORT]\n");
	exit(2);
}

static void parse(int argc, char **argv)
{
	opt = (struct options){ .max_seconds = 120, .port = 40000 };
	int c;
	while ((c = getopt(argc, argv, "n:r:D:F:P:et:p:")) != -1) {
		switch (c) {
		case 'n': opt.flows = atol(optarg); break;
		case 'r': opt.rate = atof(optarg); break;
		case 'D': opt.delete_lag_ms = atol(optarg); break;
		case 'F': opt.flush_ms = atol(optarg); break;
		case 'P': opt.final_pause_ms = atol(optarg); break;
		case 't': opt.max_seconds = atof(optarg); break;
		case 'p': opt.port = atoi(optarg); break;
		case 'e': opt.echo = 1; break;
		default: usage();
		}
	}
	if (opt.flows < 1 || opt.flows > MAX_FLOWS || opt.rate < 1 || opt.rate > MAX_RATE || opt.max_seconds <= 0
	    || opt.max_seconds > 600 || opt.port <= 1024 || opt.port > 65535 - PORTS
	    || (opt.delete_lag_ms > 0) == (opt.flush_ms > 0) || opt.delete_lag_ms < 0 || opt.flush_ms < 0
	    || opt.final_pause_ms < 0 || opt.final_pause_ms > 60000 || (opt.final_pause_ms > 0 && opt.flush_ms == 0))
		usage();
}

/* Traffic must stay inside a namespace made for the benchmark: one with no interface but lo. */
static void require_loopback_only_namespace(void)
{
	struct if_nameindex *interfaces = if_nameindex();
	if (interfaces == NULL)
		die("if_nameindex");
	for (struct if_nameindex *i = interfaces; i->if_index != 0; i++) {
		if (strcmp(i->if_name, "lo") != 0) {
			fprintf(stderr, "ctgen: refusing to run beside interface %s; run it in a network namespace of its own"
				" (ip netns exec)\n", i->if_name);
			exit(2);
		}
	}
	if_freenameindex(interfaces);
}

static uint32_t source_of(long flow)
{
	return htonl(SOURCE_BASE + (uint32_t)(flow / PORTS));
}

static int destination_port_of(long flow)
{
	return opt.port + (int)(flow % PORTS);
}

static int source_port(void)
{
	return opt.port - 1;
}

/* Receivers for the destination ports: bound, never read, with the smallest buffer. */
static void bind_receivers(void)
{
	for (int i = 0; i < PORTS; i++) {
		int fd = receivers[i] = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), tiny = 1;
		if (fd < 0)
			die("socket");
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof(tiny));
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(opt.port + i) };
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
			die("bind receiver");
	}
}

/* ---- removing entries over ctnetlink ------------------------------------------------------ */

static void *put_attribute(char *at, int type, const void *data, int length)
{
	struct nlattr *a = (struct nlattr *)at;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + length;
	memcpy(at + NLA_HDRLEN, data, length);
	return at + NLA_ALIGN(a->nla_len);
}

static char *open_nest(char *at, int type)
{
	((struct nlattr *)at)->nla_type = type | NLA_F_NESTED;
	return at + NLA_HDRLEN;
}

static void close_nest(char *nest_start, char *end)
{
	struct nlattr *a = (struct nlattr *)(nest_start - NLA_HDRLEN);
	a->nla_len = end - (char *)a;
}

static int begin_message(char *at, int type, int flags, uint32_t seq)
{
	struct nlmsghdr *h = (struct nlmsghdr *)at;
	*h = (struct nlmsghdr){ .nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | type, .nlmsg_flags = NLM_F_REQUEST | flags,
				.nlmsg_seq = seq };
	struct nfgenmsg *g = NLMSG_DATA(h);
	*g = (struct nfgenmsg){ .nfgen_family = AF_INET, .version = NFNETLINK_V0 };
	return NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*g));
}

/* IPCTNL_MSG_CT_DELETE { CTA_TUPLE_ORIG { CTA_TUPLE_IP {src, dst}, CTA_TUPLE_PROTO {17, sport, dport} } } */
static int delete_message(char *at, long flow)
{
	char *p = at + begin_message(at, IPCTNL_MSG_CT_DELETE, 0, (uint32_t)flow);
	uint32_t src = source_of(flow), dst = htonl(INADDR_LOOPBACK);
	uint8_t udp = IPPROTO_UDP;
	uint16_t sport = htons(source_port()), dport = htons(destination_port_of(flow));
	char *tuple = open_nest(p, CTA_TUPLE_ORIG);
	char *ip = open_nest(tuple, CTA_TUPLE_IP);
	p = put_attribute(ip, CTA_IP_V4_SRC, &src, 4);
	p = put_attribute(p, CTA_IP_V4_DST, &dst, 4);
	close_nest(ip, p);
	char *proto = open_nest(p, CTA_TUPLE_PROTO);
	p = put_attribute(proto, CTA_PROTO_NUM, &udp, 1);
	p = put_attribute(p, CTA_PROTO_SRC_PORT, &sport, 2);
	p = put_attribute(p, CTA_PROTO_DST_PORT, &dport, 2);
	close_nest(proto, p);
	close_nest(tuple, p);
	((struct nlmsghdr *)at)->nlmsg_len = p - at;
	return NLMSG_ALIGN(p - at);
}

/* Without NLM_F_ACK the kernel answers only failures; count them and keep the socket empty. */
static void count_errors(int fd)
{
	char reply[8192] __attribute__((aligned(8)));
	ssize_t n;
	while ((n = recv(fd, reply, sizeof(reply), MSG_DONTWAIT)) > 0) {
		int left = (int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)reply; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left))
			if (h->nlmsg_type == NLMSG_ERROR && *(int *)NLMSG_DATA(h) != 0)
				removal_errors++;
	}
}

static void delete_flows(int fd, long from, long to)
{
	static char request[BATCH * 128] __attribute__((aligned(8)));
	while (from < to) {
		int length = 0;
		long batch_end = to - from < BATCH ? to : from + BATCH;
		for (long flow = from; flow < batch_end; flow++)
			length += delete_message(request + length, flow);
		if (send(fd, request, length, 0) < 0)
			die("send(ctnetlink delete)");
		removals += batch_end - from;
		from = batch_end;
		count_errors(fd);
	}
}

/* Deletes flow i at about start + i / rate + lag: DESTROY events as steady as the NEW ones. */
static void run_deleter(int fd)
{
	double lag = opt.delete_lag_ms / 1000.0;
	long deleted = 0;
	for (;;) {
		long created = atomic_load(&sent);
		int done = !atomic_load(&sending);
		long due = (long)((monotonic() - start - lag) * opt.rate);
		long upto = done ? created : (due < created ? due : created);
		if (upto > deleted) {
			delete_flows(fd, deleted, upto);
			deleted = upto;
		}
		if (done && deleted == created)
			break;
		sleep_until(monotonic() + 0.001);
	}
}

/* IPCTNL_MSG_CT_DELETE without a tuple deletes every entry: what `conntrack -F` sends. */
static void flush_table(int fd, uint32_t seq)
{
	char request[64] __attribute__((aligned(8)));
	int length = begin_message(request, IPCTNL_MSG_CT_DELETE, NLM_F_ACK, seq);
	((struct nlmsghdr *)request)->nlmsg_len = length;
	if (send(fd, request, length, 0) < 0)
		die("send(ctnetlink flush)");
	char reply[4096] __attribute__((aligned(8)));
	ssize_t n = recv(fd, reply, sizeof(reply), 0);
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(int)) || h->nlmsg_type != NLMSG_ERROR || *(int *)NLMSG_DATA(h) != 0)
		removal_errors++;
	else
		removals++;
}

/* Sleeps until WHEN or until the last flow is sent; returns whether flows are still being sent. */
static int sleep_while_sending(double when)
{
	while (atomic_load(&sending) && monotonic() < when)
		sleep_until(monotonic() + 0.005 < when ? monotonic() + 0.005 : when);
	return atomic_load(&sending);
}

/* Flushes every FLUSH_MS while flows are sent, then once more (PAUSE_MS later) so the table ends empty. */
static void run_flusher(int fd)
{
	double period = opt.flush_ms / 1000.0, next = start + period;
	uint32_t seq = 1;
	while (sleep_while_sending(next)) {
		next += period;
		flush_table(fd, seq++);
	}
	sleep_until(monotonic() + opt.final_pause_ms / 1000.0);
	flush_table(fd, seq);
}

static void *remover(void *unused)
{
	(void)unused;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (fd < 0)
		die("socket(NETLINK_NETFILTER)");
	if (opt.delete_lag_ms > 0)
		run_deleter(fd);
	else
		run_flusher(fd);
	close(fd);
	return NULL;
}

/* ---- sending flows ------------------------------------------------------------------------- */

static int open_sender(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(source_port()) };
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("bind sender");
	int tiny = 1; /* the echoes (-e) are dropped here unread */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof(tiny));
	return fd;
}

/* Sends flows [first, first + n) with one sendmmsg; the source address travels in IP_PKTINFO. */
static long send_batch(int fd, long first, int n)
{
	static char payload[] = "ctgen";
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in to[BATCH];
	char control[BATCH][CMSG_SPACE(sizeof(struct in_pktinfo))];
	memset(msgs, 0, sizeof(msgs));
	memset(control, 0, sizeof(control));
	for (int k = 0; k < n; k++) {
		to[k] = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(destination_port_of(first + k)) };
		to[k].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		iov[k] = (struct iovec){ payload, sizeof(payload) };
		struct msghdr *m = &msgs[k].msg_hdr;
		m->msg_name = &to[k];
		m->msg_namelen = sizeof(to[k]);
		m->msg_iov = &iov[k];
		m->msg_iovlen = 1;
		m->msg_control = control[k];
		m->msg_controllen = sizeof(control[k]);
		struct cmsghdr *cm = CMSG_FIRSTHDR(m);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
		((struct in_pktinfo *)CMSG_DATA(cm))->ipi_spec_dst.s_addr = source_of(first + k);
	}
	long errors = 0;
	for (int done = 0; done < n;) {
		int r = sendmmsg(fd, msgs + done, n - done, 0);
		if (r > 0) {
			done += r;
		} else if (errno == EINTR || errno == EAGAIN || errno == ENOBUFS || errno == EPERM) {
			errors++; /* EPERM: conntrack dropped the packet (table full); skip that datagram */
			done++;
		} else {
			die("sendmmsg");
		}
	}
	return errors;
}

/* -e: each flow's receiver answers its datagram, from 127.0.0.1:PORT+i to the flow's source: conntrack
 * sees the reply and reports an UPDATE. Sent after the batch, so every entry exists by then. */
static long echo_batch(long first, int n)
{
	static char payload[] = "echo";
	long errors = 0;
	for (int k = 0; k < n; k++) {
		struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(source_port()) };
		to.sin_addr.s_addr = source_of(first + k);
		if (sendto(receivers[(first + k) % PORTS], payload, sizeof(payload), 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0)
			errors++;
	}
	return errors;
}

int main(int argc, char **argv)
{
	parse(argc, argv);
	require_loopback_only_namespace();
	if (opt.flows / PORTS >= 0x000ffffe) {
		fprintf(stderr, "ctgen: too many flows for distinct source addresses\n");
		return 2;
	}
	bind_receivers();
	int fd = open_sender();

	start = monotonic();
	pthread_t remover_thread;
	if (pthread_create(&remover_thread, NULL, remover, NULL) != 0)
		die("pthread_create");
	long errors = 0, done = 0;
	double deadline = start + opt.max_seconds;
	while (done < opt.flows && monotonic() < deadline) {
		int n = opt.flows - done < BATCH ? (int)(opt.flows - done) : BATCH;
		errors += send_batch(fd, done, n);
		if (opt.echo)
			errors += echo_batch(done, n);
		done += n;
		atomic_store(&sent, done);
		sleep_until(start + done / opt.rate);
	}
	double elapsed = monotonic() - start;
	atomic_store(&sending, 0);
	pthread_join(remover_thread, NULL);
	printf("ctgen flows=%ld errors=%ld removals=%ld removal_errors=%ld seconds=%.3f rate=%.0f\n", done, errors,
	       removals, removal_errors, elapsed, done / elapsed);
	return done == opt.flows ? 0 : 3;
}
