package main

import (
	"fmt"
	"strings"
)

// notes flags figures a reader should not take at face value: a ceiling
// that did not saturate its CPUs (then the ratio flatters folio or is
// noisy), best rounds that the machine disturbed, and rounds far apart.
func (r *results) notes() string {
	notes := r.ceilingNotes()
	notes = append(notes, r.roundNotes()...)
	if r.peakNotReset() {
		notes = append(notes, "the kernel refused to reset VmHWM, so peak RSS is the peak since the server started")
	}
	return bullet(notes)
}

func (r *results) cores() (server, load float64) {
	return float64(cpuCount(r.cfg.ServerCPUs)), float64(cpuCount(r.cfg.LoadCPUs))
}

func (r *results) ceilingNotes() []string {
	var notes []string
	serverCores, loadCores := r.cores()
	for _, key := range readOrder {
		c, ok := r.ceiling[key]
		if !ok || serverCores == 0 || c.CPU >= 0.9*serverCores {
			continue
		}
		why := "neither it nor the generator was CPU-bound"
		switch {
		case c.LoadCPU >= 0.9*loadCores:
			why = fmt.Sprintf("the generator was (%s of its CPU), so that ratio flatters folio", pct(c.LoadCPU/loadCores))
		case c.Others >= 0.1*serverCores:
			why = fmt.Sprintf("other processes took %s of its CPU", pct(c.Others/serverCores))
		}
		notes = append(notes, fmt.Sprintf("the ceiling used %s of its CPU on %q: %s", pct(c.CPU/serverCores), r.titles[key], why))
	}
	return notes
}

func (r *results) roundNotes() []string {
	var busy, starved, noisy []string
	serverCores, loadCores := r.cores()
	for _, set := range []struct {
		name string
		m    map[string]measurement
	}{{"folio", r.cached}, {"folio, cache off", r.uncached}, {"ceiling", r.ceiling}, {"folio", r.writes}} {
		for _, key := range append(readOrder, "create", "mix") {
			m, ok := set.m[key]
			switch {
			case !ok:
				continue
			case serverCores > 0 && m.Others >= 0.1*serverCores:
				busy = append(busy, fmt.Sprintf("%s on %s %s", pct(m.Others/serverCores), set.name, r.titles[key]))
			case serverCores > 0 && m.CPU < 0.8*serverCores && m.LoadCPU < 0.8*loadCores:
				starved = append(starved, fmt.Sprintf("%s %s (CPU %s, generator %s)", set.name, r.titles[key],
					pct(m.CPU/serverCores), pct(m.LoadCPU/loadCores)))
			}
			if m.WorstRPS < 0.8*m.RPS() {
				noisy = append(noisy, fmt.Sprintf("%s %s (%s to %s)", set.name, r.titles[key], rate(m.WorstRPS), rate(m.RPS())))
			}
		}
	}
	var notes []string
	if len(busy) > 0 {
		notes = append(notes, "other processes used the servers' CPU during the best round of: "+strings.Join(busy, "; "))
	}
	if len(starved) > 0 {
		notes = append(notes, "in the best round of these, neither the server nor the generator got 80 % of its CPU "+
			"(the hypervisor starved the VM), so their figures are low: "+strings.Join(starved, "; "))
	}
	if len(noisy) > 0 {
		notes = append(notes, "rounds differed by more than 20 % on: "+strings.Join(noisy, "; "))
	}
	return notes
}

func (r *results) peakNotReset() bool {
	for _, set := range []map[string]measurement{r.cached, r.uncached, r.ceiling, r.writes} {
		for _, m := range set {
			if !m.PeakReset && m.PeakRSS > 0 {
				return true
			}
		}
	}
	return false
}
