// The diagram beside a lesson on the stage: the lesson's own sockets only (a person's other
// sockets never crowd it), under the lesson's names, with peers labelled from what it did.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../../store/context';
import { lessonDiagram } from '../../store/lesson-diagram';
import { SocketDiagram } from '../SocketDiagram';

export function LessonDiagram() {
  const { sockets, records, namespace } = useWorkbench(useShallow((s) => ({ sockets: s.sockets, records: s.lessons.records, namespace: s.lessons.namespace })));
  const model = useMemo(() => lessonDiagram(sockets, records, namespace), [sockets, records, namespace]);
  return <SocketDiagram sockets={model.sockets} labels={model} notes={model.notes} scrolls />;
}
