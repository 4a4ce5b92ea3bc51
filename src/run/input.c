/* Host stdin to the guest: read in big packets, at most a few in flight
   (the guest acknowledges what it took), end of file as a byte count.
   Every callback here runs on the event loop thread. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "contract.h"
#include "pumps.h"
#include "util.h"

/* Forget the packets the guest has taken. */
void
input_taken(struct session *s, uint64_t acked)
{
	unsigned kept = 0;

	s->in_acked = acked;
	for (unsigned i = 0; i < s->in_packets; i++)
		if (s->in_packet_end[i] > acked)
			s->in_packet_end[kept++] = s->in_packet_end[i];
	s->in_packets = kept;
}

/* Count a packet of stdin that went (one buffer rarely takes more than one;
   past the record's size, the last entry grows). */
static void
input_sent_packet(struct session *s)
{
	if (s->in_packets < ARRAY_SIZE(s->in_packet_end))
		s->in_packets++;
	s->in_packet_end[s->in_packets - 1] = s->in_sent;
}

/* True when another buffer of stdin may go: a command that does not read
   its stdin must not make libvirtd queue more than a few packets. */
static bool
input_has_room(const struct session *s)
{
	return s->console_mode || s->in_packets < SESSION_STDIN_PACKETS;
}

/* Read stdin again if the window and the stream allow it. */
void
input_resume(struct session *s)
{
	if (!s->stdin_done && !s->job_stopped && s->stdin_watch >= 0 && s->in_len == 0 && input_has_room(s))
		virEventUpdateHandle(s->stdin_watch, VIR_EVENT_HANDLE_READABLE);
}

/* Send what is buffered from stdin; false when the stream is full. */
static bool
input_flush(struct session *s)
{
	while (s->in_off < s->in_len) {
		int n = virStreamSend(s->input, s->in_buf + s->in_off, s->in_len - s->in_off);

		if (n == -2)
			return false;
		if (n < 0) {
			/* The guest no longer reads: drop the input. */
			s->in_off = s->in_len;
			s->stdin_done = true;
			break;
		}
		s->in_off += (size_t)n;
		s->in_sent += (uint64_t)n;
		input_sent_packet(s);
	}
	s->in_off = s->in_len = 0;
	return true;
}

/* End of host stdin: the guest command sees EOF once it has taken every
   byte; closing the stream instead would drop what QEMU has not read yet. */
static void
input_eof(struct session *s)
{
	char line[64];

	s->stdin_done = true;
	virEventRemoveHandle(s->stdin_watch);
	s->stdin_watch = -1;
	if (s->console_mode)
		return;
	snprintf(line, sizeof line, EB_CTL_STDIN_EOF " %" PRIu64 "\n", s->in_sent);
	pumps_control_send(s, line);
}

static void input_writable(virStreamPtr stream, int events, void *opaque);

/* Wait for the stream to drain before reading more stdin. */
static void
input_backpressure(struct session *s)
{
	virEventUpdateHandle(s->stdin_watch, 0);
	virStreamEventAddCallback(s->input, VIR_STREAM_EVENT_WRITABLE | VIR_STREAM_EVENT_ERROR |
				  VIR_STREAM_EVENT_HANGUP, input_writable, s, NULL);
}

/* Read what FD holds now into the empty buffer, up to full: big packets
   keep more bytes in flight within the packet limit.  A terminal's keys go
   as they come.  True at the end of stdin (a read error counts as one). */
static bool
input_fill(struct session *s, int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	s->in_len = s->in_off = 0;
	for (;;) {
		n = read(fd, s->in_buf + s->in_len, sizeof s->in_buf - s->in_len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return false;
		if (n <= 0)
			return true;
		s->in_len += (size_t)n;
		if (s->in_len == sizeof s->in_buf || s->stdin_tty || poll(&pfd, 1, 0) <= 0)
			return false;
	}
}

/* Read host stdin and forward it. */
void
stdin_readable(int watch, int fd, int events, void *opaque)
{
	struct session *s = opaque;

	pthread_mutex_lock(&s->lock);
	s->stdin_watch = watch;
	if (s->stdin_done)
		goto out;
	if (!input_has_room(s) || s->job_stopped) {
		virEventUpdateHandle(watch, 0);
		goto out;
	}
	s->stdin_eof_pending = input_fill(s, fd);
	if (s->console_mode && s->stdin_tty && memchr(s->in_buf, DETACH_KEY, s->in_len)) {
		session_finish(s, END_DETACH);
		goto out;
	}
	if (!input_flush(s))
		input_backpressure(s);
	else if (s->stdin_eof_pending)
		input_eof(s);
out:
	pthread_mutex_unlock(&s->lock);
}

static void
input_writable(virStreamPtr stream, int events, void *opaque)
{
	struct session *s = opaque;

	pthread_mutex_lock(&s->lock);
	if (input_flush(s)) {
		virStreamEventRemoveCallback(stream);
		if (s->stdin_eof_pending)
			input_eof(s);
		else
			input_resume(s);
	}
	pthread_mutex_unlock(&s->lock);
}
