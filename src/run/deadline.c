#include "config.h"

#include "deadline.h"
#include "sysio.h"

int
deadline_start(struct deadline *deadline, unsigned seconds, virEventTimeoutCallback expired, void *opaque)
{
	if (!seconds)
		return 0;
	deadline->at_ms = now_ms() + (long long)seconds * 1000;
	deadline->timer = virEventAddTimeout((int)seconds * 1000, expired, opaque, NULL);
	return deadline->timer < 0 ? -1 : 0;
}

void
deadline_pause(struct deadline *deadline)
{
	if (deadline->timer < 0 || deadline->paused)
		return;
	deadline->paused = true;
	deadline->left_ms = deadline->at_ms - now_ms();
	virEventUpdateTimeout(deadline->timer, -1);
}

void
deadline_resume(struct deadline *deadline)
{
	if (deadline->timer < 0 || !deadline->paused)
		return;
	deadline->paused = false;
	if (deadline->left_ms <= 0)
		deadline->left_ms = 1;
	deadline->at_ms = now_ms() + deadline->left_ms;
	virEventUpdateTimeout(deadline->timer, (int)deadline->left_ms);
}

void
deadline_stop(struct deadline *deadline)
{
	if (deadline->timer >= 0)
		virEventRemoveTimeout(deadline->timer);
	deadline->timer = -1;
	deadline->paused = false;
}
