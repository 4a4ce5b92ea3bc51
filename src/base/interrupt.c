#include "config.h"

#include <signal.h>
#include <stddef.h>

#include "interrupt.h"

static const int deferred_signals[] = { SIGINT, SIGTERM, SIGHUP };
static volatile sig_atomic_t pending;

/* Async-signal-safe: note the first; a repeat takes the default action. */
static void
note_signal(int signo)
{
	if (pending == signo) {
		signal(signo, SIG_DFL);
		raise(signo);
		return;
	}
	if (!pending)
		pending = signo;
}

void
interrupt_defer(void)
{
	struct sigaction sa = { .sa_handler = note_signal, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof deferred_signals / sizeof deferred_signals[0]; i++)
		sigaction(deferred_signals[i], &sa, NULL);
}

int
interrupt_pending(void)
{
	return pending;
}
