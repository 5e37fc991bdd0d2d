import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../auth';

export interface TabDefinition {
  id: string;
  title: string;
  /** One line on the hub. */
  description: string;
  /** Who sees the tab (the seed's roles: Administrator all, Supervisor callbacks and monitoring). */
  roles: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

const ALL: readonly Role[] = ['Administrator', 'Supervisor', 'CallbackReadOnly'];
const MONITORING: readonly Role[] = ['Administrator', 'Supervisor'];
const ADMIN: readonly Role[] = ['Administrator'];

/** Every tab of the UI, in menu order. Each is loaded on first use. */
export const TABS: readonly TabDefinition[] = [
  {
    id: 'monitor',
    title: 'Monitor',
    description: 'Health of the deployment, node status',
    roles: MONITORING,
    component: lazy(() => import('./MonitorTab')),
  },
  {
    id: 'services',
    title: 'Services',
    description: 'Services from templates, their options and URLs',
    roles: ADMIN,
    component: lazy(() => import('./ServicesTab')),
  },
  {
    id: 'callback',
    title: 'Callback',
    description: 'Callbacks by time range: create, reschedule, cancel',
    roles: ALL,
    component: lazy(() => import('./CallbackTab')),
  },
  {
    id: 'reporting',
    title: 'Reporting',
    description: 'Resources, services, callback and operational reports',
    roles: MONITORING,
    component: lazy(() => import('./ReportingTab')),
  },
  {
    id: 'tools',
    title: 'Tools',
    description: 'Patterns, resources, service templates, DFM downloads',
    roles: ADMIN,
    component: lazy(() => import('./ToolsTab')),
  },
  {
    id: 'lab',
    title: 'Lab',
    description: 'Statistics, API explorer, deployment config, JavaScript sample',
    roles: ADMIN,
    component: lazy(() => import('./LabTab')),
  },
  {
    id: 'agent',
    title: 'Agent desk',
    description: 'Play the contact-centre agent: ready, accept, chat, complete',
    roles: MONITORING,
    component: lazy(() => import('./AgentDeskTab')),
  },
];
