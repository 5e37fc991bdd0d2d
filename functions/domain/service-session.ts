/** A service session. */

/** A service session created by `POST /genesys/1/service/{name}`. */
export interface ServiceSession {
  id: string;
  service: string;
  serviceType: string;
  dataId?: string;
  gmsUser?: string;
  phoneNumber?: string;
  accessNumber?: string;
  accessCode?: string;
  resourceGroup?: string;
  createdAt: number;
  expiresAt: number;
}
