"""The reading model: where a recruiter's eye goes on page 1, in what order, and how long it takes.

The model walks page 1 of a sheet in passes (see docs/screen-model.md):

1. the name band: the name, then the headline under it;
2. the hunt: down the page in scan order (full-width top band, the main column, then any narrower
   side column) reading every section heading and the header lines of the current role, the previous
   role and the first education entry; until the current role is found, every entry header (and bold
   line) met is read too, since a role cannot be told from a project without reading it; any other
   line costs a glance at its left edge;
3. the first bullets of the latest role;
4. whatever else is left on page 1, top to bottom.

Reading a line costs a fixation to land on it (when the eye jumps there from somewhere other than the
line above) plus its words at the reading speed; passing a line costs ``pass_cost``. The walk is not
cut at the budget: every event gets a start and end time, so the report can say when something would
have been reached. The glance is what happens before ``seconds``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from critic.screen.sheet import ScreenLine

READ, EDGE = "read", "edge"


@dataclass(frozen=True)
class ReadingModel:
    """Parameters of the glance; defaults documented and calibrated in docs/screen-model.md."""

    seconds: float = 6.0  # the time budget: TheLadders (2012) measured about 6 s a resume
    words_per_second: float = 12.0  # skimming rate on the lines the eye stops on (720 words a minute), calibrated
    fixation: float = 0.2  # landing on a new place: one fixation, about a fifth of a second
    pass_cost: float = 0.03  # sliding past one line on the left edge
    edge_words: int = 2  # words taken in from a passed line's left edge
    first_bullets: int = 2  # bullets of the latest role read in full in pass 3
    pages: int = 1  # only page 1 is looked at in the glance

    def __post_init__(self) -> None:
        if self.seconds <= 0 or self.words_per_second <= 0 or self.fixation < 0 or self.pass_cost < 0:
            raise ValueError("reading model parameters must be positive")

    def to_dict(self) -> dict[str, float | int]:
        return {"seconds": self.seconds, "words_per_second": self.words_per_second, "fixation": self.fixation,
                "pass_cost": self.pass_cost, "edge_words": self.edge_words, "first_bullets": self.first_bullets}


@dataclass
class Event:
    """The eye on one line: read (all or some of its words) or passed (its left edge)."""

    uid: int
    mode: str  # read | edge
    start: float
    end: float
    words: int  # words taken in by the end of the event
    phase: str  # name | hunt | bullets | rest


@dataclass
class Reading:
    """The whole simulated walk, plus the budget it is judged against."""

    events: list[Event]
    seconds: float
    words_per_second: float
    order: list[int]  # uids of page-1 lines in scan order
    hunt_done: float | None = None  # when the last data-point line was read (None: the hunt never ended)
    read_words: dict[int, int] = field(default_factory=dict)  # uid -> words taken in within the budget
    read_at: dict[int, float] = field(default_factory=dict)  # uid -> when it was first fully read (any time)

    def within(self) -> list[tuple[Event, int]]:
        """Events that started inside the budget, with the words taken in before it ran out."""
        out = []
        for ev in self.events:
            if ev.start >= self.seconds:
                continue
            if ev.end <= self.seconds:
                out.append((ev, ev.words))
            elif ev.mode == READ:
                lead = 0.0 if ev.words == 0 else (ev.end - ev.start) - ev.words / self.words_per_second
                spare = self.seconds - ev.start - max(lead, 0.0)
                out.append((ev, max(0, min(ev.words, int(spare * self.words_per_second + 1e-9)))))
            else:
                out.append((ev, 0))
        return out


def scan_order(lines: list[ScreenLine], page: int = 1) -> list[ScreenLine]:
    """Lines of a page in the order the eye scans them: top band, main column, side column."""
    on_page = [ln for ln in lines if ln.page == page]
    rank = {"band": 0, "main": 1, "side": 2}
    return [ln for _, ln in sorted(enumerate(on_page), key=lambda p: (rank.get(p[1].region, 1), p[0]))]


def simulate(lines: list[ScreenLine], targets: list[int], current_role: list[int], current_bullets: list[int],
             model: ReadingModel) -> Reading:
    """Walk page 1 in the four passes.

    targets: uids of the data-point lines to hunt for; current_role: uids of the latest role's header
    lines (until they are read, every entry header line met is read too: the eye cannot tell a role
    from a project or an older job without reading it); current_bullets: uids of the lines of the
    latest role's bullets, in order.
    """
    order = scan_order(lines)
    pos = {ln.uid: i for i, ln in enumerate(order)}
    by_uid = {ln.uid: ln for ln in order}
    events: list[Event] = []
    done: set[int] = set()  # fully read
    seen_edge: set[int] = set()
    clock = 0.0
    last: int | None = None  # position of the last line the eye was on
    wps = model.words_per_second
    read_at: dict[int, float] = {}

    def read(ln: ScreenLine, phase: str) -> None:
        nonlocal clock, last
        if ln.uid in done:
            return
        i = pos[ln.uid]
        jump = 0.0 if last is not None and i == last + 1 else model.fixation
        start = clock
        clock += jump + ln.words / wps
        events.append(Event(ln.uid, READ, start, clock, ln.words, phase))
        done.add(ln.uid)
        read_at[ln.uid] = clock
        last = i

    def glance(ln: ScreenLine, phase: str) -> None:
        nonlocal clock, last
        if ln.uid in done or ln.uid in seen_edge:
            last = pos[ln.uid]
            return
        start = clock
        clock += model.pass_cost
        events.append(Event(ln.uid, EDGE, start, clock, min(model.edge_words, ln.words), phase))
        seen_edge.add(ln.uid)
        last = pos[ln.uid]

    # 1. name band
    for role in ("name", "headline"):
        hit = next((ln for ln in order if ln.role == role), None)
        if hit is not None:
            read(hit, "name")
    # 2. the hunt for the data points
    wanted = {uid for uid in targets if uid in pos}
    all_on_page = bool(targets) and len(wanted) == len(set(targets))
    role_left = {uid for uid in current_role if uid in pos}
    role_on_page = bool(current_role) and len(role_left) == len(set(current_role))
    looking = True  # still looking for the latest role: until it is read (never, when it is not on page 1)
    hunt_done: float | None = None
    remaining = set(wanted)
    for ln in order:
        if ln.role == "heading" or ln.uid in wanted or (looking and (ln.role == "entry" or ln.bold and ln.role == "text")):
            read(ln, "hunt")
            remaining.discard(ln.uid)
            role_left.discard(ln.uid)
            if role_on_page and not role_left:
                looking = False
            if all_on_page and not remaining:
                hunt_done = clock
                break
        elif ln.role not in ("name", "headline"):
            glance(ln, "hunt")
    # 3. the first bullets of the latest role
    units_seen: list[str] = []
    for uid in current_bullets:
        ln = by_uid.get(uid)
        if ln is None:
            continue
        unit = ln.unit or str(uid)
        if unit not in units_seen:
            if len(units_seen) >= model.first_bullets:
                break
            units_seen.append(unit)
        read(ln, "bullets")
    # 4. everything else, top to bottom
    for ln in order:
        read(ln, "rest")
    reading = Reading(events=events, seconds=model.seconds, words_per_second=wps, order=[ln.uid for ln in order],
                      hunt_done=hunt_done, read_at=read_at)
    words: dict[int, int] = {}
    for ev, n in reading.within():
        words[ev.uid] = max(words.get(ev.uid, 0), n)
    reading.read_words = words
    return reading
