// What the first screen does not show: the case steps (no case is open at start-up) and the
// panels that open on a key. One chunk, with the styles of the antd components only they use.
import '../generated/antd-lazy.css';

export { MrzEntry } from './MrzEntry';
export { PickupPanel } from './PickupPanel';
export { SimCardPicker } from './SimCardPicker';
export { StepArea } from './StepArea';
export { SyncPanel } from './SyncPanel';
export { TransferDialog } from '../tickets/TransferDialog';
export { RatingScreen } from '../rating/RatingScreen';
export { ScenarioPicker } from '../training/ScenarioPicker';
export { TrainingTray } from '../training/TrainingTray';
