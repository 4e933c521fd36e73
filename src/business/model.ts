// Business services (PagerDuty's /business_services) and service dependencies: which service
// (technical or business) supports which. Pure types.
export interface BusinessService {
  id: string;
  name: string;
  description: string | null;
  pointOfContact: string | null;
  teamId: string | null;
  createdAt: number;
}

export type NodeType = 'service' | 'business_service';

export interface Dependency {
  id: string;
  supporting: { type: NodeType; id: string };
  dependent: { type: NodeType; id: string };
}

/** A reference type as clients send it → which table it names, or null. */
export function nodeTypeOf(type: string | undefined): NodeType | null {
  if (type === 'service' || type === 'service_reference' || type === 'technical_service' || type === 'technical_service_reference') return 'service';
  if (type === 'business_service' || type === 'business_service_reference') return 'business_service';
  return null;
}
