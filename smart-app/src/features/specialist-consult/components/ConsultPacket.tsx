import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { AllergyList } from '../../../components/chart/AllergyList.tsx';
import { MedicationList } from '../../../components/chart/MedicationList.tsx';
import { ObservationTable } from '../../../components/chart/ObservationTable.tsx';
import { ProblemList } from '../../../components/chart/ProblemList.tsx';
import type { SharedPacket } from '../../../lib/api-contract.ts';
import { groupObservations } from '../../../lib/fhir/observations.ts';

export interface ConsultPacketProps {
  readonly packet: SharedPacket;
}

// The packet holds only what the requester ticked: an empty list says nothing about the chart, and
// must never read like "none recorded" (an unshared penicillin allergy is not "no known allergies").
const NOT_SHARED = (what: string): string => `No ${what} were shared. The chart may have some: ask the requesting physician if they matter.`;

/** What the requesting physician shared, frozen at send time, laid out like the chart summary (with trends). */
export function ConsultPacket({ packet }: ConsultPacketProps): ReactNode {
  const results = useMemo(() => groupObservations(packet.observations), [packet.observations]);
  return (
    <section className="packet" aria-labelledby="packet-title">
      <h3 id="packet-title">Shared from the chart</h3>
      <div className="chart-grid">
        <section className="chart-section" aria-labelledby="packet-allergies">
          <h4 id="packet-allergies">Allergies</h4>
          <AllergyList allergies={packet.allergies} emptyText={NOT_SHARED("allergies")} />
        </section>
        <section className="chart-section" aria-labelledby="packet-problems">
          <h4 id="packet-problems">Problems</h4>
          <ProblemList problems={packet.problems} emptyText={NOT_SHARED("problems")} />
        </section>
        <section className="chart-section" aria-labelledby="packet-medications">
          <h4 id="packet-medications">Active medications</h4>
          <MedicationList medications={packet.medications} emptyText={NOT_SHARED("medications")} />
        </section>
      </div>
      <section className="chart-section" aria-labelledby="packet-results">
        <h4 id="packet-results">Labs and vitals</h4>
        <ObservationTable groups={results} caption="Shared results with trends" emptyText={NOT_SHARED("results")} />
      </section>
    </section>
  );
}
